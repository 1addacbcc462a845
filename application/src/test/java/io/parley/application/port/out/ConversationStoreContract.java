package io.parley.application.port.out;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.parley.application.port.out.ConversationStorePort.Appended;
import io.parley.application.port.out.ConversationStorePort.Enrollment;
import io.parley.application.testing.AtOnce;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.AgentParts;
import io.parley.domain.conversation.Conversation;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Member;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.conversation.Role;
import io.parley.domain.conversation.ToolCall;
import io.parley.domain.run.RunId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every conversation store must do. Each adapter runs this suite with a subclass that supplies a fresh,
 * empty store. Enrolment, appends and reads (of tool calls, tool results and reasoning too) are tested here; roles,
 * members and memberships in {@link MembershipContract}, deletion in {@link DeletionContract}, whose tests every
 * subclass runs too.
 */
public abstract class ConversationStoreContract implements MembershipContract, DeletionContract {
    protected static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123Z");
    protected static final UserId ALICE = new UserId("alice");
    protected static final UserId BOB = new UserId("bob");

    private ConversationStorePort store;
    private ConversationId conversation;

    /** A store with nothing in it (or with nothing in conversations this test has not made up). */
    protected abstract ConversationStorePort newStore();

    @BeforeEach
    void freshStore() {
        store = newStore();
        conversation = new ConversationId("c-" + java.util.UUID.randomUUID());
    }

    @Override
    public ConversationStorePort store() {
        return store;
    }

    @Test
    void joiningAConversationThatDoesNotExistCreatesItWithTheJoinerAsOwner() {
        assertEquals(new Enrollment.Enrolled(Role.OWNER, true),
                store.enroll(conversation, ALICE, Optional.of(Role.MEMBER), T0));
        Conversation created = store.find(conversation).orElseThrow();
        assertEquals(List.of(new Member(ALICE, Role.OWNER)), created.members());
        assertEquals(T0, created.createdAt());
        assertEquals(0, created.latestOffset());
    }

    @Test
    void aMemberKeepsItsRoleAndANewcomerIsAdmittedOnlyWhenAllowed() {
        store.enroll(conversation, ALICE, Optional.empty(), T0);
        assertEquals(new Enrollment.Enrolled(Role.OWNER, false), store.enroll(conversation, ALICE, Optional.empty(), T0));
        assertInstanceOf(Enrollment.NotAdmitted.class, store.enroll(conversation, BOB, Optional.empty(), T0));
        assertEquals(new Enrollment.Enrolled(Role.VIEWER, false),
                store.enroll(conversation, BOB, Optional.of(Role.VIEWER), T0));
        assertEquals(new Enrollment.Enrolled(Role.VIEWER, false),
                store.enroll(conversation, BOB, Optional.of(Role.MEMBER), T0), "an existing role is kept");
        assertEquals(2, store.find(conversation).orElseThrow().members().size());
    }

    @Test
    void offsetsStartAtOneAndGrowByOne() {
        store.enroll(conversation, ALICE, Optional.empty(), T0);
        for (long expected = 1; expected <= 5; expected++) {
            Message stored = stored(store.append(draft("m" + expected, "text " + expected)));
            assertEquals(expected, stored.offset());
            assertEquals("text " + expected, stored.content());
            assertEquals(T0, stored.at());
        }
        assertEquals(5, store.latestOffset(conversation));
        assertEquals(5, store.find(conversation).orElseThrow().latestOffset());
    }

    @Test
    void aMessageReadsBackAsItWasStored() {
        store.enroll(conversation, ALICE, Optional.empty(), T0);
        NewMessage draft = new NewMessage(conversation, new MessageId("9b2e7c1a-1111-4a4a-9c9c-000000000001"),
                MessageRole.ASSISTANT, new UserId("assistant"), "multi\nline ünïcødé \uD83D\uDE00", T0,
                new RunId("run-1"));
        Message stored = stored(store.append(draft));
        assertEquals(List.of(stored), store.messages(conversation, MessageRange.after(0, 10)));
        assertEquals(draft.at(1), stored);
    }

    @Test
    void anAssistantMessageAskingForToolCallsReadsBackExactly() {
        store.enroll(conversation, ALICE, Optional.empty(), T0);
        Message question = stored(store.append(draft("question", "Weather and time in Zürich?")));
        // arguments are kept verbatim: spacing, escapes and all; they need not even be JSON
        NewMessage calls = agentDraft("calls", MessageRole.ASSISTANT, "", AgentParts.assistant(List.of(
                new ToolCall("call-1", "weather", "{ \"city\" :\"Zürich\",\n  \"note\": \"a \\\"quoted\\\" word\" }"),
                new ToolCall("call-2", "clock", "{\"zone\": \"Europe/Zur")),
                "Two lookups \uD83D\uDE00: the weather first,\nthen the time."));

        Message stored = stored(store.append(calls));

        assertEquals(calls.at(2), stored);
        assertEquals(List.of(question, stored), store.messages(conversation, MessageRange.after(0, 10)));
        assertEquals(List.of(stored), store.messages(conversation, MessageRange.after(1, 10)), "replayed after 1");
        assertEquals(List.of(stored), store.messages(conversation, MessageRange.newest(1)));
        assertEquals(new Appended.AlreadyStored(stored), store.append(calls), "a resend returns it, equal");
        assertEquals(2, store.latestOffset(conversation));
    }

    @Test
    void aToolMessageReadsBackWithTheCallItAnswers() {
        store.enroll(conversation, ALICE, Optional.empty(), T0);
        NewMessage result = agentDraft("result-1", MessageRole.TOOL, "{\"temperature\": 21}",
                AgentParts.result("call-1"));
        NewMessage empty = agentDraft("result-2", MessageRole.TOOL, "", AgentParts.result("call-2"));

        List<Message> stored = List.of(stored(store.append(result)), stored(store.append(empty)));

        assertEquals(List.of(result.at(1), empty.at(2)), stored);
        assertEquals(stored, store.messages(conversation, MessageRange.after(0, 10)));
        assertEquals(Optional.of("call-1"), store.messages(conversation, MessageRange.after(0, 1)).getFirst().agent()
                .answers());
        assertEquals(new Appended.AlreadyStored(stored.getLast()), store.append(empty));
    }

    @Test
    void reasoningIsKeptApartFromTheAnswerAndAPlainMessageHasNoAgentParts() {
        store.enroll(conversation, ALICE, Optional.empty(), T0);
        NewMessage answer = agentDraft("answer", MessageRole.ASSISTANT, "It is 21 °C.",
                AgentParts.assistant(List.of(), "The tool said 21."));
        Message plain = stored(store.append(draft("plain", "thanks")));
        Message reasoned = stored(store.append(answer));

        assertEquals(AgentParts.NONE, plain.agent());
        assertEquals(answer.at(2), reasoned);
        List<Message> read = store.messages(conversation, MessageRange.after(0, 10));
        assertEquals(List.of(plain, reasoned), read);
        assertEquals(AgentParts.NONE, read.getFirst().agent());
        assertEquals("It is 21 °C.", read.getLast().content());
        assertEquals("The tool said 21.", read.getLast().agent().reasoning());
    }

    @Test
    void aResendWithAKnownIdReturnsTheOriginalAndStoresNothing() {
        store.enroll(conversation, ALICE, Optional.empty(), T0);
        Message first = stored(store.append(draft("same", "original")));
        store.append(draft("other", "next"));
        Appended again = store.append(draft("same", "resent"));
        assertEquals(new Appended.AlreadyStored(first), again);
        assertEquals(2, store.latestOffset(conversation));
    }

    @Test
    void appendingToAConversationThatDoesNotExistIsRefused() {
        assertInstanceOf(Appended.NoSuchConversation.class, store.append(draft("m", "lost")));
        assertEquals(0, store.latestOffset(conversation));
        assertTrue(store.find(conversation).isEmpty());
    }

    @Test
    void aConversationNotToBeCreatedIsReportedMissing() {
        assertInstanceOf(Enrollment.NoSuchConversation.class,
                store.enroll(conversation, ALICE, Optional.of(Role.MEMBER), false, T0));
        assertTrue(store.find(conversation).isEmpty());
        store.enroll(conversation, ALICE, Optional.empty(), T0);
        assertEquals(new Enrollment.Enrolled(Role.MEMBER, false),
                store.enroll(conversation, BOB, Optional.of(Role.MEMBER), false, T0));
    }

    @Test
    void storedIdsNameTheIdsAConversationAlreadyHolds() {
        store.enroll(conversation, ALICE, Optional.empty(), T0);
        store.append(draft("m1", "one"));
        store.append(draft("m2", "two"));
        assertEquals(Set.of(new MessageId("m1")),
                store.storedIds(conversation, List.of(new MessageId("m1"), new MessageId("m3"))));
        assertEquals(Set.of(), store.storedIds(new ConversationId("elsewhere"), List.of(new MessageId("m1"))));
        assertEquals(Set.of(), store.storedIds(conversation, List.of()));
    }

    @Test
    void rangesSelectByOffsetOldestFirst() {
        store.enroll(conversation, ALICE, Optional.empty(), T0);
        for (int i = 1; i <= 20; i++) {
            store.append(draft("m" + i, "t" + i));
        }
        assertEquals(offsets(1, 5), offsetsOf(store.messages(conversation, MessageRange.after(0, 5))));
        assertEquals(offsets(3, 7), offsetsOf(store.messages(conversation, MessageRange.after(2, 5))));
        assertEquals(offsets(18, 20), offsetsOf(store.messages(conversation,
                new MessageRange(10, 0, 3, MessageRange.End.NEWEST))));
        assertEquals(offsets(12, 14), offsetsOf(store.messages(conversation,
                new MessageRange(10, 15, 3, MessageRange.End.NEWEST))));
        assertEquals(offsets(16, 20), offsetsOf(store.messages(conversation, MessageRange.newest(5))));
        assertEquals(offsets(6, 9), offsetsOf(store.messages(conversation, MessageRange.before(10, 4))));
        assertEquals(offsets(11, 12), offsetsOf(store.messages(conversation, MessageRange.between(10, 13, 50))));
        assertEquals(List.of(), store.messages(conversation, MessageRange.after(20, 5)));
        assertEquals(List.of(), store.messages(new ConversationId("nothing-here"), MessageRange.after(0, 5)));
    }

    @Test
    void concurrentSendersGetOffsetsWithoutGapsOrDuplicates() throws Exception {
        store.enroll(conversation, ALICE, Optional.empty(), T0);
        List<Long> offsets = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService senders = Executors.newFixedThreadPool(20)) {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int s = 0; s < 20; s++) {
                int sender = s;
                all.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 50; i++) {
                        offsets.add(stored(store.append(draft("s" + sender + "-" + i, "x"))).offset());
                    }
                }, senders));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
        }
        Set<Long> unique = new HashSet<>(offsets);
        assertEquals(1000, unique.size(), "no duplicate offsets");
        assertEquals(LongStream.rangeClosed(1, 1000).boxed().collect(java.util.stream.Collectors.toSet()), unique);
        assertEquals(offsets(1, 1000), offsetsOf(store.messages(conversation, MessageRange.after(0, 1000))));
    }

    @Test
    void twoUsersJoiningANewConversationAtOnceMakeExactlyOneOwner() throws Exception {
        for (int round = 0; round < 10; round++) {
            ConversationId fresh = new ConversationId(conversation.value() + "-" + round);
            List<Enrollment> outcomes = AtOnce.run(2, i -> store.enroll(fresh, i == 0 ? ALICE : BOB,
                    Optional.of(Role.MEMBER), T0));
            assertEquals(1, outcomes.stream().filter(e -> e.equals(new Enrollment.Enrolled(Role.OWNER, true))).count(),
                    "exactly one joiner creates the conversation: " + outcomes);
            assertEquals(1, outcomes.stream().filter(e -> e.equals(new Enrollment.Enrolled(Role.MEMBER, false))).count(),
                    "the other joins it as a member: " + outcomes);
            List<Member> members = store.find(fresh).orElseThrow().members();
            assertEquals(2, members.size());
            assertEquals(1, members.stream().filter(m -> m.role() == Role.OWNER).count());
        }
    }

    @Test
    void concurrentResendsOfOneIdAreStoredOnce() throws Exception {
        store.enroll(conversation, ALICE, Optional.empty(), T0);
        List<Appended> outcomes = AtOnce.run(8, i -> store.append(draft("same-id", "once")));
        List<Message> stored = outcomes.stream().filter(Appended.Stored.class::isInstance)
                .map(a -> ((Appended.Stored) a).message()).toList();
        assertEquals(1, stored.size(), "stored exactly once: " + outcomes);
        assertTrue(outcomes.stream().filter(Appended.AlreadyStored.class::isInstance)
                .allMatch(a -> ((Appended.AlreadyStored) a).message().equals(stored.getFirst())));
        assertEquals(1, store.latestOffset(conversation));
        assertEquals(stored, store.messages(conversation, MessageRange.after(0, 10)));
    }

    @Test
    void theSameIdInTwoConversationsIsTwoMessages() {
        ConversationId other = new ConversationId(conversation.value() + "-other");
        store.enroll(conversation, ALICE, Optional.empty(), T0);
        store.enroll(other, ALICE, Optional.empty(), T0);
        Message here = stored(store.append(draft("shared-id", "here")));
        Message there = stored(store.append(new NewMessage(other, new MessageId("shared-id"), MessageRole.USER, ALICE,
                "there", T0, null)));
        assertEquals(1, here.offset());
        assertEquals(1, there.offset());
        assertEquals(List.of(there), store.messages(other, MessageRange.after(0, 10)));
    }

    @Test
    void concurrentSendersToManyConversationsEachGetGaplessOffsets() throws Exception {
        List<ConversationId> conversations = new ArrayList<>();
        for (int c = 0; c < 20; c++) {
            conversations.add(new ConversationId(conversation.value() + "-" + c));
            store.enroll(conversations.getLast(), ALICE, Optional.empty(), T0);
        }
        ConversationId missing = new ConversationId(conversation.value() + "-missing");
        List<Appended> refused = Collections.synchronizedList(new ArrayList<>());
        AtOnce.run(40, sender -> {
            for (int i = 0; i < 25; i++) {
                ConversationId target = conversations.get(sender % conversations.size());
                stored(store.append(new NewMessage(target, new MessageId("s" + sender + "-" + i), MessageRole.USER,
                        ALICE, "x", T0, null)));
                if (i % 5 == 0) {
                    refused.add(store.append(new NewMessage(missing, new MessageId("s" + sender + "-" + i),
                            MessageRole.USER, ALICE, "x", T0, null)));
                }
            }
            return null;
        });
        for (ConversationId target : conversations) {
            assertEquals(offsets(1, 50), offsetsOf(store.messages(target, MessageRange.after(0, 100))), target.value());
            assertEquals(50, store.latestOffset(target));
        }
        assertTrue(refused.stream().allMatch(Appended.NoSuchConversation.class::isInstance), refused.toString());
        assertTrue(store.find(missing).isEmpty());
    }

    protected NewMessage draft(String id, String content) {
        return new NewMessage(conversation, new MessageId(id), MessageRole.USER, ALICE, content, T0, null);
    }

    /** A message of the assistant's run {@code run-1}, with agent parts. */
    private NewMessage agentDraft(String id, MessageRole role, String content, AgentParts agent) {
        return new NewMessage(conversation, new MessageId(id), role, new UserId("assistant"), content, T0,
                new RunId("run-1"), agent);
    }

    @Override
    public ConversationId conversation() {
        return conversation;
    }

    protected static Message stored(Appended appended) {
        return assertInstanceOf(Appended.Stored.class, appended).message();
    }

    protected static List<Long> offsets(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    protected static List<Long> offsetsOf(List<Message> messages) {
        return messages.stream().map(Message::offset).toList();
    }
}
