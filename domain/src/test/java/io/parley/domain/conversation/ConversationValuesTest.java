package io.parley.domain.conversation;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.parley.domain.connection.UserId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConversationValuesTest {

    @Test
    void conversationIdsAreOneTo128CharactersOfTheAllowedSet() {
        assertTrue(ConversationId.isValid("team:general.2026-01_x"));
        assertTrue(ConversationId.isValid("c".repeat(128)));
        assertFalse(ConversationId.isValid("c".repeat(129)));
        assertFalse(ConversationId.isValid(""));
        assertFalse(ConversationId.isValid("with space"));
        assertFalse(ConversationId.isValid("slash/no"));
        assertThrows(IllegalArgumentException.class, () -> new ConversationId("é"));
    }

    @Test
    void aTimeOrderedMessageIdIsAVersion7UuidThatBeginsWithItsMillisecond() {
        byte[] ones = new byte[10];
        java.util.Arrays.fill(ones, (byte) 0xFF);
        MessageId id = MessageId.timeOrdered(0x01A2408D464BL, ones);
        assertEquals("01a2408d-464b-7fff-bfff-ffffffffffff", id.value());
        assertEquals("01a2408d-464b-7000-8000-000000000000", MessageId.timeOrdered(0x01A2408D464BL, new byte[10]).value());
        assertTrue(MessageId.timeOrdered(2, new byte[10]).value().compareTo(MessageId.timeOrdered(1, ones).value()) > 0,
                "a later millisecond sorts after, whatever the random bits");
        assertThrows(IllegalArgumentException.class, () -> MessageId.timeOrdered(1, new byte[8]));
    }

    @Test
    void messageIdsAcceptUuids() {
        assertTrue(MessageId.isValid("9b2e7c1a-1111-4a4a-9c9c-000000000001"));
        assertFalse(MessageId.isValid("x".repeat(65)));
    }

    @Test
    void rolesNestOwnerMemberViewer() {
        assertTrue(Role.OWNER.maySend() && Role.OWNER.mayManage());
        assertTrue(Role.MEMBER.maySend() && !Role.MEMBER.mayManage());
        assertTrue(Role.VIEWER.mayRead() && !Role.VIEWER.maySend());
        assertEquals(Role.VIEWER, Role.fromWireName("viewer").orElseThrow());
    }

    @Test
    void rangesSelectOffsetsBetweenTheirBounds() {
        MessageRange range = MessageRange.between(2, 6, 10);
        assertFalse(range.contains(2));
        assertTrue(range.contains(3) && range.contains(5));
        assertFalse(range.contains(6));
        assertTrue(MessageRange.before(10, 5).fromNewest());
        assertThrows(IllegalArgumentException.class, () -> MessageRange.between(5, 5, 10));
        assertThrows(IllegalArgumentException.class, () -> MessageRange.after(0, 0));
    }

    @Test
    void aNewMessageBecomesAStoredOneAtItsOffset() {
        NewMessage draft = new NewMessage(new ConversationId("c"), new MessageId("m"), MessageRole.USER,
                new UserId("u"), "hi", Instant.EPOCH, null);
        Message stored = draft.at(7);
        assertEquals(7, stored.offset());
        assertEquals("hi", stored.content());
        assertThrows(IllegalArgumentException.class, () -> draft.at(0));
        assertThrows(IllegalArgumentException.class, () -> new NewMessage(new ConversationId("c"),
                new MessageId("m"), MessageRole.USER, new UserId("u"), "", Instant.EPOCH, null));
    }

    @Test
    void theContentLimitCountsUtf8Bytes() {
        String text = "aé€😀";
        assertEquals(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, ContentLimit.utf8Length(text));
        assertTrue(new ContentLimit(10).admits(text));
        assertFalse(new ContentLimit(9).admits(text));
        assertFalse(new ContentLimit(3).admits("four"));
    }
}
