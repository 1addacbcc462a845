package io.parley.adapter.out.identity;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jwt.JWTClaimsSet;

import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Grants;
import io.parley.domain.conversation.Role;

/**
 * The {@code parley} claim (PROTOCOL section 1): {@code {"conversations": {"<conversation id>": "owner" | "member" |
 * "viewer"}, "create": true | false}}, both members optional, others ignored. A claim that is there but not of this
 * shape refuses the token; JSON {@code null} counts as absent.
 */
final class ParleyClaim {
    /** The claim's name. */
    static final String NAME = "parley";
    private static final String CONVERSATIONS = "conversations";
    private static final String CREATE = "create";

    private ParleyClaim() {
    }

    /** The grants the claim in {@code claims} makes; none when there is no claim. */
    static Grants read(JWTClaimsSet claims) throws TokenRefused {
        Object value = claims.getClaim(NAME);
        if (value == null) {
            return Grants.none();
        }
        if (!(value instanceof Map<?, ?> claim)) {
            throw bad("not an object");
        }
        Map<ConversationId, Role> roles = new LinkedHashMap<>();
        Object conversations = claim.get(CONVERSATIONS);
        if (conversations != null) {
            if (!(conversations instanceof Map<?, ?> named)) {
                throw bad("conversations is not an object");
            }
            for (Map.Entry<?, ?> entry : named.entrySet()) {
                if (!(entry.getKey() instanceof String id) || !ConversationId.isValid(id)) {
                    throw bad("a conversation id is not 1-128 characters of [A-Za-z0-9._:-]");
                }
                if (!(entry.getValue() instanceof String role)) {
                    throw bad("a role is not a string");
                }
                roles.put(new ConversationId(id), Role.fromWireName(role)
                        .orElseThrow(() -> bad("a role is not owner, member or viewer")));
            }
        }
        Object create = claim.get(CREATE);
        if (create != null && !(create instanceof Boolean)) {
            throw bad("create is not true or false");
        }
        return new Grants(roles, Optional.ofNullable((Boolean) create));
    }

    /** The claim that makes {@code grants}, or none when they grant nothing. */
    static Optional<Map<String, Object>> of(Grants grants) {
        if (grants.conversations().isEmpty() && grants.create().isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> claim = new LinkedHashMap<>();
        if (!grants.conversations().isEmpty()) {
            Map<String, Object> roles = new LinkedHashMap<>();
            grants.conversations().forEach((id, role) -> roles.put(id.value(), role.wireName()));
            claim.put(CONVERSATIONS, roles);
        }
        grants.create().ifPresent(create -> claim.put(CREATE, create));
        return Optional.of(claim);
    }

    private static TokenRefused bad(String what) {
        return new TokenRefused("bad parley claim: " + what);
    }
}
