package io.parley.adapter.out.persistence.attachment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.application.port.out.AttachmentStorePort;
import io.parley.domain.attachment.Attachment;
import io.parley.domain.attachment.NewUpload;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.AttachmentId;
import io.parley.domain.conversation.ConversationId;

/**
 * Uploads and attachments as files under one directory: {@code <id>.json} holds what was announced (and the
 * hash once complete), {@code <id>.part} the bytes of an upload in progress, {@code <id>.data} those of a complete
 * attachment (renamed from the part, after it was forced to disk). Appends to one upload are taken one at a time.
 */
public final class FileAttachments implements AttachmentStorePort {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;

    public FileAttachments(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the attachment directory " + directory, e);
        }
    }

    @Override
    public synchronized Upload begin(NewUpload upload) {
        if (Files.exists(data(upload.id()))) {
            throw new IllegalStateException("upload " + upload.id() + " is complete already");
        }
        Optional<Upload> existing = upload(upload.id());
        if (existing.isPresent()) {
            return existing.get();
        }
        writeMeta(upload, null);
        touch(part(upload.id()));
        return new Upload(upload, 0);
    }

    @Override
    public Optional<Upload> upload(AttachmentId id) {
        if (!Files.exists(part(id))) {
            return Optional.empty();
        }
        return meta(id).map(meta -> new Upload(announced(meta), size(part(id))));
    }

    @Override
    public synchronized long append(AttachmentId id, long at, byte[] bytes) {
        Upload upload = upload(id).orElseThrow(() -> new IllegalStateException("no upload " + id + " in progress"));
        if (upload.received() != at || at + bytes.length > upload.upload().size()) {
            throw new IllegalStateException("upload " + id + " holds " + upload.received() + " bytes, of "
                    + upload.upload().size());
        }
        try (FileChannel channel = FileChannel.open(part(id), StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(java.nio.ByteBuffer.wrap(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return at + bytes.length;
    }

    @Override
    public synchronized Completion complete(AttachmentId id) {
        Optional<Upload> upload = upload(id);
        return Completing.complete(upload, () -> open(part(id)), () -> remove(id), digest -> {
            try (FileChannel channel = FileChannel.open(part(id), StandardOpenOption.WRITE)) {
                channel.force(true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            writeMeta(upload.orElseThrow().upload(), digest);
            move(part(id), data(id));
        });
    }

    private static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<Attachment> attachment(AttachmentId id) {
        if (!Files.exists(data(id))) {
            return Optional.empty();
        }
        return meta(id).filter(meta -> meta.hasNonNull("sha256"))
                .map(meta -> announced(meta).completed(meta.get("sha256").asText()));
    }

    @Override
    public long read(AttachmentId id, long from, long length, Consumer<byte[]> pieces) {
        Attachment attachment = attachment(id).orElseThrow(() -> new IllegalStateException("no attachment " + id));
        long start = Math.min(from, attachment.size());
        try (InputStream in = Files.newInputStream(data(id))) {
            in.skipNBytes(start);
            return Pieces.pump(new BoundedStream(in, Math.min(Math.max(0, length), attachment.size() - start)),
                    pieces);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized int expireUploads(Instant before) {
        return removeAll(meta -> !meta.hasNonNull("sha256") && announced(meta).at().isBefore(before));
    }

    @Override
    public synchronized int deleteConversation(ConversationId conversation) {
        return removeAll(meta -> meta.path("conversation").asText().equals(conversation.value()));
    }

    @Override
    public synchronized boolean delete(AttachmentId id) {
        boolean present = Files.exists(metaPath(id));
        remove(id);
        return present;
    }

    private int removeAll(java.util.function.Predicate<JsonNode> which) {
        List<AttachmentId> gone = new ArrayList<>();
        try (DirectoryStream<Path> metas = Files.newDirectoryStream(directory, "*.json")) {
            for (Path path : metas) {
                String name = path.getFileName().toString();
                AttachmentId id = new AttachmentId(name.substring(0, name.length() - ".json".length()));
                meta(id).filter(which).ifPresent(meta -> gone.add(id));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        gone.forEach(this::remove);
        return gone.size();
    }

    private void remove(AttachmentId id) {
        try {
            Files.deleteIfExists(part(id));
            Files.deleteIfExists(data(id));
            Files.deleteIfExists(metaPath(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeMeta(NewUpload upload, String sha256) {
        ObjectNode meta = JSON.createObjectNode().put("id", upload.id().value())
                .put("conversation", upload.conversation().value()).put("uploader", upload.uploader().value())
                .put("name", upload.name()).put("mime", upload.mime()).put("size", upload.size())
                .put("expected", upload.sha256().orElse(null)).put("at", upload.at().toString())
                .put("sha256", sha256);
        Path temporary = metaPath(upload.id()).resolveSibling(upload.id().value() + ".json.tmp");
        try {
            Files.write(temporary, JSON.writeValueAsBytes(meta));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        move(temporary, metaPath(upload.id()));
    }

    private Optional<JsonNode> meta(AttachmentId id) {
        try {
            return Files.exists(metaPath(id)) ? Optional.of(JSON.readTree(metaPath(id).toFile())) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static NewUpload announced(JsonNode meta) {
        return new NewUpload(new AttachmentId(meta.get("id").asText()),
                new ConversationId(meta.get("conversation").asText()), new UserId(meta.get("uploader").asText()),
                meta.get("name").asText(), meta.get("mime").asText(), meta.get("size").asLong(),
                meta.hasNonNull("expected") ? Optional.of(meta.get("expected").asText()) : Optional.empty(),
                Instant.parse(meta.get("at").asText()));
    }

    private Path part(AttachmentId id) {
        return directory.resolve(id.value() + ".part");
    }

    private Path data(AttachmentId id) {
        return directory.resolve(id.value() + ".data");
    }

    private Path metaPath(AttachmentId id) {
        return directory.resolve(id.value() + ".json");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void touch(Path file) {
        try {
            Files.write(file, new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
