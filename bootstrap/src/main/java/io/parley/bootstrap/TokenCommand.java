package io.parley.bootstrap;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.parley.adapter.out.identity.HmacTokens;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Grants;
import io.parley.domain.conversation.Role;

/**
 * {@code java -jar parley.jar token USER [TTL] [CONVERSATION=ROLE ...] [create]}: prints an HS256 token for
 * {@code USER}, signed with {@code PARLEY_JWT_SECRET} (and carrying {@code PARLEY_JWT_ISSUER} and
 * {@code PARLEY_JWT_AUDIENCE} when set), valid for {@code TTL} (default 1h), granting roles in the conversations
 * named and, with {@code create}, the right to create conversations. For trying jwt mode and for tests; a real
 * deployment's tokens come from its own login. Its output is the token on standard output, nothing else.
 */
final class TokenCommand {
    private TokenCommand() {
    }

    /** Runs the command; returns the process's exit code (0, or 2 for bad arguments or settings). */
    static int run(List<String> args, Map<String, String> environment) {
        if (args.isEmpty() || !UserId.isValid(args.getFirst())) {
            System.err.println("usage: java -jar parley.jar token USER [TTL] [CONVERSATION=ROLE ...] [create]");
            return 2;
        }
        try {
            ParleySettings.Jwt jwt = SettingsLoader.load(environment).security().jwt();
            if (jwt.secret().isEmpty()) {
                System.err.println("token: set PARLEY_JWT_SECRET (the HS256 secret the gateway verifies with)");
                return 2;
            }
            Duration ttl = Duration.ofHours(1);
            Map<ConversationId, Role> roles = new HashMap<>();
            Optional<Boolean> create = Optional.empty();
            for (String arg : args.subList(1, args.size())) {
                if (arg.equals("create")) {
                    create = Optional.of(true);
                } else if (arg.contains("=")) {
                    String[] grant = arg.split("=", 2);
                    roles.put(new ConversationId(grant[0]), Role.fromWireName(grant[1]).orElseThrow(() ->
                            new IllegalArgumentException("role must be owner, member or viewer: " + arg)));
                } else {
                    ttl = Values.duration("TTL", arg);
                }
            }
            System.out.println(HmacTokens.issue(IdentityWiring.jwtSettings(jwt), new UserId(args.getFirst()), ttl,
                    new Grants(roles, create), Clock.systemUTC()));
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("token: " + e.getMessage());
            return 2;
        }
    }
}
