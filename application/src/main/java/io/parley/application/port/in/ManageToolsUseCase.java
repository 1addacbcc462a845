package io.parley.application.port.in;

import java.util.List;

import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Tool;

/** The tools a backend or a conversation's owner sets for every run of the conversation. */
public interface ManageToolsUseCase {

    /**
     * Sets the conversation's tools (none: clears them); they reach every later run there, besides those a
     * request brings. Allowed to the server key and the conversation's owner. Refused: {@code unauthorized},
     * {@code forbidden}, {@code not_found}, {@code unavailable}.
     */
    Outcome<List<Tool>> setTools(Caller caller, ConversationId conversation, List<Tool> tools);

    /** The conversation's tools, for the server key and its members. Refused as {@link #setTools} is. */
    Outcome<List<Tool>> tools(Caller caller, ConversationId conversation);
}
