package io.parley.application.port.out;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Tool;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What every {@link ConversationToolsPort} does: none until set, set tools read back whole and in order (their
 * schemas and metadata as given), a new set replaces the old, none clears them, forgetting clears them.
 */
public abstract class ConversationToolsPortContract {
    private static final Tool WEATHER = new Tool("weather", "the weather in a city",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}", "");
    private static final Tool APPROVE = new Tool("transfer", "moves money, after a person approves",
            "{\"type\":\"object\"}", "{\"requiresApproval\":true}");

    /** The tools under test. */
    protected abstract ConversationToolsPort tools();

    private final ConversationId room = new ConversationId("tools-" + UUID.randomUUID());

    @Test
    void toolsSetAreReadBackWholeAndInOrder() {
        assertEquals(List.of(), tools().tools(room));
        tools().replace(room, List.of(WEATHER, APPROVE));
        assertEquals(List.of(WEATHER, APPROVE), tools().tools(room));
    }

    @Test
    void aNewSetReplacesTheOldAndNoneClearsThem() {
        tools().replace(room, List.of(WEATHER, APPROVE));
        tools().replace(room, List.of(APPROVE));
        assertEquals(List.of(APPROVE), tools().tools(room));
        tools().replace(room, List.of());
        assertEquals(List.of(), tools().tools(room));
    }

    @Test
    void forgottenToolsAreGone() {
        tools().replace(room, List.of(WEATHER));
        tools().forget(room);
        assertEquals(List.of(), tools().tools(room));
    }
}
