package io.parley.application.service;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import io.parley.application.delivery.ConnectionRegistry;
import io.parley.application.delivery.Subscription;
import io.parley.application.port.in.Caller;
import io.parley.application.port.in.Outcome;
import io.parley.application.port.in.ReadAttachmentUseCase;
import io.parley.application.port.in.Reply;
import io.parley.application.port.in.UploadFileUseCase;
import io.parley.application.port.out.AttachmentStorePort;
import io.parley.application.port.out.AttachmentStorePort.Completion;
import io.parley.application.port.out.AttachmentStorePort.Upload;
import io.parley.application.port.out.ConversationStorePort.Appended;
import io.parley.application.port.out.IdentityPort;
import io.parley.application.port.out.OutboundFrame;
import io.parley.application.port.out.StoreUnavailableException;
import io.parley.domain.LogLine;
import io.parley.domain.attachment.Attachment;
import io.parley.domain.attachment.NewUpload;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.AgentParts;
import io.parley.domain.conversation.AttachmentId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.conversation.Role;
import io.parley.domain.protocol.ClientRequest;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.protocol.ServerEvent;

/**
 * Uploads over a connection and reading attachments back. An upload's bytes go to the attachment store as they
 * come (never whole in memory); once its size is reached and its hash matches, it is an attachment, posted as a
 * message whose id is the upload's, so that completing it again (a resume after the store failed between the two)
 * posts it once. Partial uploads the store keeps for {@code keepPartial}, then {@link #expireUploads()} removes
 * them. Uploads start no assistant run.
 */
public final class UploadService implements UploadFileUseCase, ReadAttachmentUseCase {
    private static final System.Logger LOG = System.getLogger(UploadService.class.getName());

    private final ConnectionRegistry registry;
    private final ServicePorts ports;
    private final Posting posting;
    private final IdentityPort identity;
    private final long maxUploadBytes;
    private final Duration keepPartial;

    public UploadService(ConnectionRegistry registry, ServicePorts ports, IdentityPort identity, long maxUploadBytes,
                         Duration keepPartial) {
        this.registry = registry;
        this.ports = ports;
        this.posting = ports.posting();
        this.identity = identity;
        this.maxUploadBytes = maxUploadBytes;
        this.keepPartial = keepPartial;
    }

    @Override
    public Outcome<Announced> announce(ConnectionId connection, ClientRequest.Upload request) {
        Subscription subscription;
        switch (Replies.poster(registry, connection, request.conversation(), "upload")) {
            case Outcome.Refused<Subscription> refused -> {
                return Outcome.refused(refused.refusal());
            }
            case Outcome.Done<Subscription> done -> subscription = done.value();
        }
        if (request.size() > maxUploadBytes) {
            limitHit(connection, subscription.connection().user(), request);
            return Outcome.refused(ErrorCode.TOO_LARGE, "a file may have at most " + maxUploadBytes + " bytes; this"
                    + " one has " + request.size());
        }
        UserId uploader = subscription.connection().user();
        return StoreCalls.guarded(() -> request.resume() == null ? begin(request, uploader)
                : resume(request, uploader));
    }

    private Outcome<Announced> begin(ClientRequest.Upload request, UserId uploader) {
        NewUpload upload = new NewUpload(new AttachmentId(ports.ids().newMessageId().value()),
                request.conversation(), uploader, request.name(), request.mime(), request.size(), request.sha256(),
                NewMessage.timestamp(ports.clock()));
        Upload begun = attachments().begin(upload);
        LOG.log(Level.INFO, () -> LogLine.event("upload_started").with("conversation", request.conversation())
                .with("user", uploader).with("upload", upload.id()).with("size", upload.size()).toString());
        return ready(request, begun.upload().id(), 0, List.of());
    }

    private Outcome<Announced> resume(ClientRequest.Upload request, UserId uploader) {
        AttachmentId id = request.resume();
        Optional<Upload> held = attachments().upload(id);
        if (held.isPresent() && same(held.get().upload(), request, uploader)) {
            return ready(request, id, held.get().received(), List.of());
        }
        Optional<Attachment> complete = attachments().attachment(id);
        if (complete.isPresent() && same(complete.get(), request, uploader)) {
            return switch (post(request.ref(), complete.get())) {
                case Outcome.Refused<Reply> refused -> Outcome.refused(refused.refusal());
                case Outcome.Done<Reply> acked -> ready(request, id, request.size(), acked.value().frames());
            };
        }
        return Outcome.refused(ErrorCode.NOT_FOUND, "no upload " + id + " of this file to resume: it expired, "
                + "failed, or is another's; start it again without 'upload'");
    }

    private static boolean same(NewUpload held, ClientRequest.Upload request, UserId uploader) {
        return held.conversation().equals(request.conversation()) && held.uploader().equals(uploader)
                && held.size() == request.size()
                && (request.sha256().isEmpty() || request.sha256().equals(held.sha256()));
    }

    private static boolean same(Attachment held, ClientRequest.Upload request, UserId uploader) {
        return held.conversation().equals(request.conversation()) && held.uploader().equals(uploader)
                && held.size() == request.size()
                && (request.sha256().isEmpty() || request.sha256().get().equals(held.sha256()));
    }

    private Outcome<Announced> ready(ClientRequest.Upload request, AttachmentId id, long received,
                                     List<OutboundFrame> then) {
        List<OutboundFrame> frames = new ArrayList<>();
        frames.add(ports.encoder().encode(new ServerEvent.UploadReady(request.ref(), request.conversation(), id,
                received)));
        frames.addAll(then);
        return Outcome.done(new Announced(new Transfer(request.ref(), request.conversation(), id, request.size(),
                received), new Reply(frames)));
    }

    @Override
    public Outcome<Step> append(ConnectionId connection, Transfer transfer, byte[] bytes) {
        if (transfer.received() + bytes.length > transfer.size()) {
            return StoreCalls.guarded(() -> {
                attachments().delete(transfer.upload());
                return Outcome.refused(ErrorCode.BAD_REQUEST, "upload " + transfer.upload() + " announced "
                        + transfer.size() + " bytes and got more; it was removed: start again");
            });
        }
        return StoreCalls.guarded(() -> {
            try {
                attachments().append(transfer.upload(), transfer.received(), bytes);
            } catch (IllegalStateException e) {
                return attachments().upload(transfer.upload()).isPresent()
                        ? Outcome.refused(ErrorCode.CONFLICT, "upload " + transfer.upload() + " was fed elsewhere "
                                + "meanwhile; announce it again to go on from what it holds")
                        : Outcome.refused(ErrorCode.NOT_FOUND, "upload " + transfer.upload() + " is gone (it "
                                + "expired): start again");
            }
            Transfer next = transfer.advanced(bytes.length);
            return next.received() < next.size() ? Outcome.done(new Step.More(next)) : complete(next);
        });
    }

    private Outcome<Step> complete(Transfer transfer) {
        return switch (attachments().complete(transfer.upload())) {
            case Completion.Completed completed -> switch (post(transfer.ref(), completed.attachment())) {
                case Outcome.Refused<Reply> refused -> Outcome.refused(refused.refusal());
                case Outcome.Done<Reply> acked -> Outcome.done(new Step.Completed(acked.value()));
            };
            case Completion.WrongHash wrong -> Outcome.refused(ErrorCode.BAD_REQUEST, "the bytes of upload "
                    + transfer.upload() + " hash to " + wrong.actual() + ", not to the sha256 announced; nothing "
                    + "was stored");
            case Completion.Incomplete incomplete -> Outcome.done(new Step.More(new Transfer(transfer.ref(),
                    transfer.conversation(), transfer.upload(), transfer.size(), incomplete.received())));
            case Completion.NotFound gone -> Outcome.refused(ErrorCode.NOT_FOUND, "upload " + transfer.upload()
                    + " is gone (it expired): start again");
        };
    }

    /** Posts the attachment's message (its id is the attachment's: posting it again finds it) and acks it. */
    private Outcome<Reply> post(String ref, Attachment attachment) {
        NewMessage message = new NewMessage(attachment.conversation(), new MessageId(attachment.id().value()),
                MessageRole.USER, attachment.uploader(), attachment.name(), NewMessage.timestamp(ports.clock()),
                null, AgentParts.NONE, attachment.ref());
        return switch (posting.post(message)) {
            case Appended.Stored stored -> {
                LOG.log(Level.INFO, () -> LogLine.event("upload_stored").with("conversation",
                        attachment.conversation()).with("user", attachment.uploader()).with("upload",
                        attachment.id()).with("size", attachment.size()).with("offset", stored.message().offset())
                        .toString());
                yield ack(ref, stored.message().conversation(), stored.message().offset(), message.id());
            }
            case Appended.AlreadyStored earlier ->
                    ack(ref, earlier.message().conversation(), earlier.message().offset(), message.id());
            case Appended.NoSuchConversation gone -> {
                attachments().delete(attachment.id());
                yield Outcome.refused(ErrorCode.NOT_FOUND, "conversation " + attachment.conversation()
                        + " no longer exists");
            }
        };
    }

    private Outcome<Reply> ack(String ref, ConversationId conversation, long offset, MessageId id) {
        return Replies.reply(ports.encoder(), new ServerEvent.Ack(ref, conversation, offset, id));
    }

    @Override
    public Outcome<Attachment> attachment(Caller caller, AttachmentId id) {
        return StoreCalls.guarded(() -> {
            Optional<Attachment> found = attachments().attachment(id);
            if (found.isEmpty()) {
                return caller instanceof Caller.User user && !(identity.identify(user.credentials())
                        instanceof IdentityPort.Identity.Known)
                        ? Outcome.refused(ErrorCode.UNAUTHORIZED, "a user or the server key is needed")
                        : notFound(id);
            }
            return switch (Callers.authorized(identity, ports.store(), caller, found.get().conversation(),
                    Role.VIEWER)) {
                case Outcome.Refused<String> refused -> refused.refusal().code() == ErrorCode.NOT_FOUND
                        ? notFound(id) : Outcome.refused(refused.refusal());
                case Outcome.Done<String> allowed -> Outcome.done(found.get());
            };
        });
    }

    @Override
    public Outcome<Attachment> linked(AttachmentId id) {
        return StoreCalls.guarded(() -> attachments().attachment(id).<Outcome<Attachment>>map(Outcome::done)
                .orElseGet(() -> notFound(id)));
    }

    @Override
    public long read(Attachment attachment, long from, long length, Consumer<byte[]> pieces) {
        return attachments().read(attachment.id(), from, length, pieces);
    }

    /** Removes the partial uploads older than they are kept; the maintenance schedule calls it. */
    public int expireUploads() {
        try {
            int expired = attachments().expireUploads(ports.clock().instant().minus(keepPartial));
            if (expired > 0) {
                LOG.log(Level.INFO, () -> LogLine.event("uploads_expired").with("uploads", expired).toString());
            }
            return expired;
        } catch (StoreUnavailableException e) {
            LOG.log(Level.WARNING, () -> LogLine.event("uploads_expiry_failed").with("error", e.getMessage())
                    .toString());
            return 0;
        }
    }

    private static <T> Outcome<T> notFound(AttachmentId id) {
        return Outcome.refused(ErrorCode.NOT_FOUND, "no attachment " + id);
    }

    private void limitHit(ConnectionId connection, UserId user, ClientRequest.Upload request) {
        LOG.log(Level.INFO, () -> LogLine.event("limit_hit").with("limit", "max_upload_bytes")
                .with("connection", connection).with("user", user).with("conversation", request.conversation())
                .with("size", request.size()).toString());
    }

    private AttachmentStorePort attachments() {
        return ports.attachments();
    }
}
