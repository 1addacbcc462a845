package io.parley.adapter.out.persistence.attachment;

import java.io.InputStream;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.parley.application.port.out.AttachmentStorePort.Completion;
import io.parley.application.port.out.AttachmentStorePort.Upload;
import io.parley.domain.attachment.NewUpload;

/**
 * How every attachment store completes an upload: none in progress is {@code NotFound}, one short of its size stays
 * ({@code Incomplete}), one whose bytes hash to other than what was announced is removed ({@code WrongHash}); else
 * the store keeps it with the hash of what it holds. The stores bring their own reading, removal and keeping.
 */
public final class Completing {
    private Completing() {
    }

    /**
     * Completes {@code upload}: {@code bytes} reads what the store holds of it (hashed here), {@code remove}
     * discards it, {@code keep} makes it an attachment with the hash it is given.
     */
    public static Completion complete(Optional<Upload> upload, Supplier<InputStream> bytes, Runnable remove,
                                      Consumer<String> keep) {
        if (upload.isEmpty()) {
            return new Completion.NotFound();
        }
        NewUpload announced = upload.get().upload();
        if (upload.get().received() < announced.size()) {
            return new Completion.Incomplete(upload.get().received());
        }
        String digest = Sha256.of(bytes.get());
        if (announced.sha256().filter(expected -> !expected.equals(digest)).isPresent()) {
            remove.run();
            return new Completion.WrongHash(digest);
        }
        keep.accept(digest);
        return new Completion.Completed(announced.completed(digest));
    }
}
