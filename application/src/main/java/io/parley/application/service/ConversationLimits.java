package io.parley.application.service;

import io.parley.domain.conversation.ContentLimit;
import io.parley.domain.conversation.CreationPolicy;
import io.parley.domain.protocol.RelayLimit;
import io.parley.domain.ratelimit.RateLimit;

/**
 * The bounds on what clients may put into conversations, enforced on every path that reaches the same data.
 *
 * @param content         the largest message text, in UTF-8 bytes
 * @param maxPageBytes    the most bytes of messages one history page or join replay carries (half the outbound
 *                        queue, so that it always fits)
 * @param maxJoins        conversations one connection may have joined at once
 * @param newConversations how fast one user may create conversations
 * @param maxNewMessages  messages one AG-UI input may add to a conversation
 * @param relay           what one request may relay live to members
 * @param creation        who may create a conversation by joining it
 */
public record ConversationLimits(ContentLimit content, long maxPageBytes, int maxJoins, RateLimit newConversations,
                                 int maxNewMessages, RelayLimit relay, CreationPolicy creation) {
    public ConversationLimits {
        if (content == null || newConversations == null || relay == null || creation == null || maxPageBytes < 1
                || maxJoins < 1
                || maxNewMessages < 1) {
            throw new IllegalArgumentException("conversation limits are incomplete");
        }
    }

    /**
     * The protocol's defaults: messages of 64 KiB, pages of half a 1 MiB queue, 128 joins, 30 new conversations a
     * minute, 50 new messages per AG-UI input, 100 relayed events of 1 MiB in all per request, anyone creates.
     */
    public static ConversationLimits defaults() {
        ContentLimit content = new ContentLimit(64 * 1024);
        return new ConversationLimits(content, 512 * 1024, 128, RateLimit.perMinute(30), 50,
                new RelayLimit(100, content, 1024 * 1024), CreationPolicy.ANYONE);
    }
}
