package io.parley.application.port.out;

/** Applies RFC 6902 JSON Patches to JSON documents (the core holds JSON as text and does not parse it). */
public interface JsonPatchPort {

    /** {@code patch} applied to {@code document}, or why it cannot be. */
    Patched apply(String document, String patch);

    /** What applying a patch gave. */
    sealed interface Patched {
        /** The document after the patch, as compact JSON text. */
        record Applied(String document) implements Patched {
        }

        /** The patch is not a JSON Patch, or does not apply to the document (a failed {@code test}, a bad path). */
        record Refused(String reason) implements Patched {
        }
    }
}
