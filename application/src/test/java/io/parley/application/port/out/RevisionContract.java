package io.parley.application.port.out;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.parley.application.port.out.ConversationStorePort.Amended;
import io.parley.application.port.out.ConversationStorePort.Amendment;
import io.parley.application.port.out.ConversationStorePort.Erasure;
import io.parley.application.port.out.ConversationStorePort.Promotion;
import io.parley.application.port.out.ConversationStorePort.ReadState;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.conversation.Revision;
import io.parley.domain.conversation.Role;

import static io.parley.application.port.out.ConversationStoreContract.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Edits, deletes, read markers and erasing a user, for the stores that keep them (memory, H2, PostgreSQL): an edit
 * or a delete is an entry at the next offset and the message reads back as it now is; a deleted message keeps its
 * offset with nothing of what it said; only a shown message is changed, and another's only when allowed; markers
 * move forward only; erasing a user deletes their messages, ends their memberships and hands their conversations on.
 */
public interface RevisionContract extends StoreUnderTest {

    @Test
    default void anEditIsAnEntryAtTheNextOffsetAndTheMessageReadsBackAsItNowIs() {
        UserId ann = freshUser("ann");
        store().enroll(conversation(), ann, Optional.empty(), T0);
        Message sent = storedNow(said(ann, "m1", "helo"));
        Amended amended = store().amend(new Amendment(conversation(), sent.id(), new MessageId("e1"), ann,
                Optional.of("hello"), false, T1));
        Message entry = assertInstanceOf(Amended.Done.class, amended).entry();
        assertEquals(sent.offset() + 1, entry.offset());
        assertEquals(new Revision.Change(Revision.ChangeKind.EDITED, sent.id()), entry.revision().change());
        assertEquals(entry.offset(), store().latestOffset(conversation()));

        List<Message> log = store().messages(conversation(), MessageRange.after(0, 10));
        assertEquals(List.of(1L, 2L), log.stream().map(Message::offset).toList());
        assertEquals("hello", log.getFirst().content());
        assertEquals(T1, log.getFirst().revision().editedAt());
        assertEquals("hello", log.get(1).content());
        assertEquals(sent.offset() + 2, storedNow(said(ann, "m2", "next")).offset(), "appends go on after it");
    }

    @Test
    default void aDeletedMessageKeepsItsOffsetWithNothingOfWhatItSaidAndCannotBeChangedAgain() {
        UserId ann = freshUser("ann");
        store().enroll(conversation(), ann, Optional.empty(), T0);
        Message sent = storedNow(said(ann, "m1", "my secret"));
        assertInstanceOf(Amended.Done.class, store().amend(new Amendment(conversation(), sent.id(),
                new MessageId("d1"), ann, Optional.empty(), false, T1)));
        List<Message> log = store().messages(conversation(), MessageRange.after(0, 10));
        assertEquals(2, log.size());
        assertTrue(log.getFirst().isDeleted());
        assertEquals("", log.getFirst().content());
        assertEquals(Revision.ChangeKind.DELETED, log.get(1).revision().change().kind());
        assertTrue(log.stream().noneMatch(m -> m.content().contains("secret")));

        assertInstanceOf(Amended.NoSuchMessage.class, store().amend(new Amendment(conversation(), sent.id(),
                new MessageId("e2"), ann, Optional.of("again"), false, T1)), "a deleted message stays deleted");
        assertInstanceOf(Amended.NoSuchMessage.class, store().amend(new Amendment(conversation(),
                log.get(1).id(), new MessageId("e3"), ann, Optional.of("x"), true, T1)), "an entry is no message");
        assertInstanceOf(Amended.NoSuchConversation.class, store().amend(new Amendment(conversation("none"),
                sent.id(), new MessageId("e4"), ann, Optional.empty(), true, T1)));
    }

    @Test
    default void anothersMessageIsChangedOnlyWhenAllowed() {
        UserId ann = freshUser("ann");
        UserId bob = freshUser("bob");
        store().enroll(conversation(), ann, Optional.empty(), T0);
        store().enroll(conversation(), bob, Optional.of(Role.MEMBER), T0);
        Message sent = storedNow(said(ann, "m1", "mine"));
        assertEquals(new Amended.NotYours(ann), store().amend(new Amendment(conversation(), sent.id(),
                new MessageId("e1"), bob, Optional.of("his"), false, T1)));
        assertEquals(1, store().latestOffset(conversation()), "nothing was recorded");
        assertInstanceOf(Amended.Done.class, store().amend(new Amendment(conversation(), sent.id(),
                new MessageId("e2"), bob, Optional.empty(), true, T1)));
    }

    @Test
    default void aReadMarkerMovesForwardOnlyWithinTheLogAndCountsTheOthersMessagesAfterIt() {
        UserId ann = freshUser("ann");
        UserId bob = freshUser("bob");
        store().enroll(conversation(), ann, Optional.empty(), T0);
        store().enroll(conversation(), bob, Optional.of(Role.MEMBER), T0);
        storedNow(said(ann, "m1", "one"));
        storedNow(said(ann, "m2", "two"));
        storedNow(said(bob, "m3", "three"));
        assertEquals(List.of(new ReadState(conversation(), 0, 2)), store().readStates(bob, List.of(conversation())));
        assertEquals(Optional.of(1L), store().markRead(conversation(), bob, 1));
        assertEquals(Optional.of(1L), store().markRead(conversation(), bob, 0), "never backwards");
        assertEquals(List.of(new ReadState(conversation(), 1, 1)), store().readStates(bob, List.of(conversation())));
        assertEquals(Optional.of(3L), store().markRead(conversation(), bob, 99), "never past the latest");
        assertEquals(Optional.empty(), store().markRead(conversation(), freshUser("eve"), 1), "members only");
        assertEquals(List.of(), store().readStates(freshUser("eve"), List.of(conversation())));
    }

    @Test
    default void erasingAUserDeletesTheirMessagesEndsTheirMembershipsAndHandsTheirConversationsOn() {
        UserId ivy = freshUser("ivy");
        UserId jon = freshUser("jon");
        ConversationId shared = conversation("shared");
        ConversationId alone = conversation("alone");
        store().enroll(shared, ivy, Optional.empty(), T0);
        store().enroll(shared, jon, Optional.of(Role.MEMBER), T0);
        store().enroll(alone, ivy, Optional.empty(), T0);
        storedNow(said(shared, ivy, "a", "ivy's words"));
        storedNow(said(shared, jon, "b", "jon's words"));
        storedNow(said(alone, ivy, "c", "alone"));

        Erasure erasure = store().erase(ivy, T1);
        assertEquals(2, erasure.messages());
        assertEquals(1, erasure.deletions().size(), "the entries of the conversation that remains");
        assertEquals(List.of(shared, alone).stream().map(ConversationId::value).sorted().toList(),
                erasure.left().stream().map(ConversationId::value).sorted().toList());
        assertEquals(List.of(alone), erasure.deleted());
        assertEquals(List.of(new Promotion(shared, jon)), erasure.promoted());
        assertEquals(Optional.of(Role.OWNER), store().roleOf(shared, jon));
        assertEquals(Optional.empty(), store().roleOf(shared, ivy));
        assertTrue(store().find(alone).isEmpty());
        assertTrue(store().messages(shared, MessageRange.after(0, 10)).stream()
                .noneMatch(m -> m.content().contains("ivy")));

        Erasure again = store().erase(ivy, T1);
        assertEquals(0, again.messages(), "erasing again erases nothing");
        assertEquals(List.of(), again.left());
    }

    private NewMessage said(UserId by, String id, String text) {
        return said(conversation(), by, id, text);
    }

    private static NewMessage said(ConversationId conversation, UserId by, String id, String text) {
        return new NewMessage(conversation, new MessageId(id), MessageRole.USER, by, text, T0, null);
    }
}
