package io.parley.adapter.out.identity;

import com.nimbusds.jwt.proc.BadJWTException;

/** A token refused for a reason of ours; the message is that short reason, never any part of the token. */
final class TokenRefused extends BadJWTException {
    TokenRefused(String reason) {
        super(reason);
    }
}
