package io.parley.adapter.in.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.parley.adapter.common.attachment.AttachmentLinks;
import io.parley.adapter.common.web.ProblemResponses;
import io.parley.application.port.in.Outcome;
import io.parley.application.port.in.ReadAttachmentUseCase;
import io.parley.application.port.out.StoreUnavailableException;
import io.parley.domain.attachment.Attachment;
import io.parley.domain.conversation.AttachmentId;

/**
 * {@code GET /api/attachments/{id}}: an attachment's bytes, for a member of its conversation (or the server key),
 * or for a link the gateway signed. Served so that nothing uploaded can run on the gateway's origin: the stored mime
 * type with {@code X-Content-Type-Options: nosniff}, a sandboxing {@code Content-Security-Policy}, and
 * {@code Content-Disposition: attachment} for everything but png, jpeg, gif and webp images. One byte range
 * ({@code Range: bytes=…}) is answered 206; several, or a range that does not parse, get the whole file (RFC 9110
 * lets a server ignore them); a range past the end is 416. Each write is bounded by the write timeout, and the
 * bytes are read from the store a piece at a time as they go out.
 */
final class AttachmentsResource {
    private static final System.Logger LOG = System.getLogger(AttachmentsResource.class.getName());
    private static final HeaderName CONTENT_SECURITY_POLICY = HeaderNames.create("Content-Security-Policy");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

    private final ReadAttachmentUseCase attachments;
    private final Optional<AttachmentLinks> links;
    private final ServerKeyGuard serverKey;
    private final ProblemResponses problems;
    private final StalledWrites writes;

    AttachmentsResource(ReadAttachmentUseCase attachments, Optional<AttachmentLinks> links, ServerKeyGuard serverKey,
                        ProblemResponses problems, StalledWrites writes) {
        this.attachments = attachments;
        this.links = links;
        this.serverKey = serverKey;
        this.problems = problems;
        this.writes = writes;
    }

    void get(ServerRequest request, ServerResponse response) {
        String raw = request.path().pathParameters().get("id");
        if (!AttachmentId.isValid(raw)) {
            problems.send(response, ProblemResponses.problem(404, "no attachment " + raw, "not_found"));
            return;
        }
        AttachmentId id = new AttachmentId(raw);
        Optional<String> expires = request.query().first("expires").asOptional();
        Optional<String> signature = request.query().first("signature").asOptional();
        Outcome<Attachment> found;
        if (expires.isPresent() || signature.isPresent()) {
            if (links.isEmpty() || !links.get().admits(id, expires.orElse(null), signature.orElse(null))) {
                problems.send(response, ProblemResponses.problem(403, "this link to attachment " + id
                        + " is not valid or has expired: fetch the message again for a fresh one", "forbidden"));
                return;
            }
            found = attachments.linked(id);
        } else {
            found = attachments.attachment(serverKey.caller(request), id);
        }
        switch (found) {
            case Outcome.Refused<Attachment> refused -> problems.send(response, refused.refusal());
            case Outcome.Done<Attachment> done -> send(request, response, done.value());
        }
    }

    private void send(ServerRequest request, ServerResponse response, Attachment attachment) {
        String etag = "\"" + attachment.sha256() + "\"";
        response.header(HeaderNames.CONTENT_TYPE, attachment.mime());
        response.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        response.header(CONTENT_SECURITY_POLICY, "default-src 'none'; sandbox");
        response.header(HeaderNames.CONTENT_DISPOSITION, disposition(attachment));
        response.header(HeaderNames.ACCEPT_RANGES, "bytes");
        response.header(HeaderNames.ETAG, etag);
        response.header(HeaderNames.CACHE_CONTROL, "private, max-age=3600");
        if (request.headers().first(HeaderNames.IF_NONE_MATCH).filter(etag::equals).isPresent()) {
            response.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        long size = attachment.size();
        long from = 0;
        long length = size;
        Optional<String> range = request.headers().first(HeaderNames.RANGE);
        Matcher matcher = range.map(RANGE::matcher).filter(Matcher::matches).orElse(null);
        if (matcher != null && !(matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
            if (matcher.group(1).isEmpty()) {
                length = Math.min(size, Long.parseLong(matcher.group(2)));
                from = size - length;
            } else {
                from = Long.parseLong(matcher.group(1));
                long last = matcher.group(2).isEmpty() ? size - 1 : Math.min(size - 1,
                        Long.parseLong(matcher.group(2)));
                length = last - from + 1;
            }
            if (from >= size || length <= 0) {
                response.header(HeaderNames.CONTENT_RANGE, "bytes */" + size);
                problems.send(response, ProblemResponses.problem(416, "the range " + range.get() + " is outside"
                        + " the file's " + size + " bytes", "bad_request"));
                return;
            }
            response.status(Status.PARTIAL_CONTENT_206);
            response.header(HeaderNames.CONTENT_RANGE, "bytes " + from + "-" + (from + length - 1) + "/" + size);
        }
        response.header(HeaderNames.CONTENT_LENGTH, String.valueOf(length));
        stream(response, attachment, from, length);
    }

    private void stream(ServerResponse response, Attachment attachment, long from, long length) {
        try (OutputStream out = response.outputStream()) {
            attachments.read(attachment, from, length, piece -> writes.write(() -> {
                try {
                    out.write(piece);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.DEBUG, () -> "attachment " + attachment.id() + " was not read to its end", e);
        } catch (StoreUnavailableException e) {
            LOG.log(Level.WARNING, () -> "attachment " + attachment.id() + " could not be read from the store: "
                    + e.getMessage());
            throw e;
        }
    }

    /** Inline for the images a page may show; for anything else a download, under its own name. */
    static String disposition(Attachment attachment) {
        String encoded = URLEncoder.encode(attachment.name(), StandardCharsets.UTF_8).replace("+", "%20");
        String fallback = attachment.name().replaceAll("[^A-Za-z0-9._ -]", "_");
        return (Attachment.isInlineImage(attachment.mime()) ? "inline" : "attachment") + "; filename=\"" + fallback
                + "\"; filename*=UTF-8''" + encoded;
    }
}
