package io.parley.adapter.in.websocket;

import java.util.List;

import io.parley.application.port.in.Outcome;
import io.parley.application.port.in.Reply;
import io.parley.application.port.in.UploadFileUseCase;
import io.parley.application.port.in.UploadFileUseCase.Announced;
import io.parley.application.port.in.UploadFileUseCase.Step;
import io.parley.application.port.in.UploadFileUseCase.Transfer;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.protocol.ClientRequest;
import io.parley.domain.protocol.ErrorCode;

/**
 * The one upload under way on a connection, which its binary frames feed. Once a piece is refused (the upload
 * failed, the rate limit was hit, the node drains), the rest of that upload's frames are dropped without an answer
 * each (the client streams them before it can hear of the refusal) until the client announces an upload again:
 * resuming with its id goes on from what the store holds. A new announcement suspends the upload under way, which
 * stays resumable. Used by the connection's reader thread only.
 */
final class UploadReceiver {
    private final ConnectionId connection;
    private final UploadFileUseCase uploads;
    private Transfer transfer;
    private boolean dropping;

    UploadReceiver(ConnectionId connection, UploadFileUseCase uploads) {
        this.connection = connection;
        this.uploads = uploads;
    }

    /** An {@code upload} request: on success, its bytes are awaited from here on. */
    Outcome<Reply> announce(ClientRequest.Upload request) {
        transfer = null;
        dropping = false;
        return switch (uploads.announce(connection, request)) {
            case Outcome.Refused<Announced> refused -> Outcome.refused(refused.refusal());
            case Outcome.Done<Announced> done -> {
                Transfer announced = done.value().transfer();
                transfer = announced.received() < announced.size() ? announced : null;
                yield Outcome.done(done.value().reply());
            }
        };
    }

    /** The {@code ref} of the upload under way, for the answers to its frames; null when there is none. */
    String ref() {
        return transfer == null ? null : transfer.ref();
    }

    /** Whether frames arriving now are dropped unanswered (their upload was refused). */
    boolean dropping() {
        return dropping;
    }

    /** The upload's frames are dropped from now until the next announcement. */
    void suspend() {
        transfer = null;
        dropping = true;
    }

    /** Bytes of a binary frame. */
    Outcome<Reply> piece(byte[] bytes) {
        if (transfer == null) {
            return Outcome.refused(ErrorCode.BAD_REQUEST, "a binary frame with no upload under way: announce the "
                    + "file with an upload request first");
        }
        return switch (uploads.append(connection, transfer, bytes)) {
            case Outcome.Refused<Step> refused -> {
                suspend();
                yield Outcome.refused(refused.refusal());
            }
            case Outcome.Done<Step> done -> switch (done.value()) {
                case Step.More more -> {
                    transfer = more.transfer();
                    yield Outcome.done(new Reply(List.of()));
                }
                case Step.Completed completed -> {
                    transfer = null;
                    yield Outcome.done(completed.reply());
                }
            };
        };
    }
}
