package io.parley.adapter.out.assistant;

import java.util.ArrayList;
import java.util.List;

import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageRole;

/** What the echo assistant says to a conversation, cut into the chunks it streams: one word (and its space) each. */
final class EchoReply {
    static final String PREFIX = "Echo assistant (offline, no language model): ";
    private static final int MAX_QUOTED = 200;

    private EchoReply() {
    }

    /** The reply's chunks; joined, they are the reply. The same context always gives the same chunks. */
    static List<String> chunks(List<Message> context) {
        return words(text(context));
    }

    /** The whole reply to {@code context}. */
    static String text(List<Message> context) {
        for (int i = context.size() - 1; i >= 0; i--) {
            Message message = context.get(i);
            if (message.role() == MessageRole.USER && !message.content().isBlank()) {
                return PREFIX + "you said: \"" + quoted(message.content()) + "\"";
            }
        }
        return PREFIX + "there is no message to echo yet.";
    }

    private static String quoted(String content) {
        String flat = content.strip().replaceAll("\\s+", " ");
        if (flat.length() <= MAX_QUOTED) {
            return flat;
        }
        int end = Character.isHighSurrogate(flat.charAt(MAX_QUOTED - 1)) ? MAX_QUOTED - 1 : MAX_QUOTED;
        return flat.substring(0, end) + "…";
    }

    private static List<String> words(String text) {
        List<String> chunks = new ArrayList<>();
        int start = 0;
        for (int i = 1; i < text.length(); i++) {
            if (text.charAt(i - 1) == ' ' && text.charAt(i) != ' ') {
                chunks.add(text.substring(start, i));
                start = i;
            }
        }
        chunks.add(text.substring(start));
        return List.copyOf(chunks);
    }
}
