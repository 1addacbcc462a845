package io.parley.adapter.common.state;

import java.io.IOException;
import java.util.EnumSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.flipkart.zjsonpatch.CompatibilityFlags;
import com.flipkart.zjsonpatch.InvalidJsonPatchException;
import com.flipkart.zjsonpatch.JsonPatch;
import com.flipkart.zjsonpatch.JsonPatchApplicationException;

import io.parley.application.port.out.JsonPatchPort;

/** RFC 6902 JSON Patch with zjsonpatch: a patch applies whole or not at all, {@code test} operations included. */
public final class JsonPatches implements JsonPatchPort {
    /** As RFC 6902 says: removing what is not there is an error (zjsonpatch allows it unless told). */
    private static final EnumSet<CompatibilityFlags> STRICT =
            EnumSet.of(CompatibilityFlags.FORBID_REMOVE_MISSING_OBJECT);
    private final ObjectMapper json;

    public JsonPatches(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public Patched apply(String document, String patch) {
        JsonNode operations;
        JsonNode target;
        try {
            operations = json.readTree(patch);
            target = json.readTree(document);
        } catch (IOException e) {
            return new Patched.Refused("the patch is not JSON");
        }
        if (operations == null || !operations.isArray()) {
            return new Patched.Refused("a patch is a JSON array of operations (RFC 6902)");
        }
        try {
            return new Patched.Applied(JsonPatch.apply(operations, target, STRICT).toString());
        } catch (InvalidJsonPatchException e) {
            return new Patched.Refused("not a JSON Patch: " + e.getMessage());
        } catch (JsonPatchApplicationException e) {
            return new Patched.Refused("the patch does not apply to the state: " + e.getMessage());
        }
    }
}
