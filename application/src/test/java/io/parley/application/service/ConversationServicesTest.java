package io.parley.application.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import io.parley.application.delivery.ConnectionRegistry;
import io.parley.application.delivery.LiveConnection;
import io.parley.application.delivery.LocalDelivery;
import io.parley.application.delivery.Traffic;
import io.parley.application.port.in.ConnectionSession.ReplySlot;
import io.parley.application.port.in.Principal;
import io.parley.application.port.in.Reply;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.StoreUnavailableException;
import io.parley.application.run.AssistantRuns;
import io.parley.application.run.RunSettings;
import io.parley.application.testing.Connections;
import io.parley.application.testing.NoAttachments;
import io.parley.application.testing.Outcomes;
import io.parley.application.testing.RecordingTransport;
import io.parley.application.testing.SequentialIds;
import io.parley.application.testing.StoreStub;
import io.parley.application.testing.TextEncoder;
import io.parley.domain.connection.ClientKey;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.CreationPolicy;
import io.parley.domain.conversation.Grants;
import io.parley.domain.conversation.JoinPolicy;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.Role;
import io.parley.domain.protocol.ClientRequest;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.protocol.Recovery;
import io.parley.domain.protocol.Refusal;
import io.parley.domain.protocol.ServerEvent;
import io.parley.domain.ratelimit.RateLimit;
import io.parley.domain.testing.MutableClock;

import static io.parley.application.testing.Messages.offsets;
import static io.parley.application.testing.Messages.posted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Joining, its replay meeting live delivery, store failures as refusals, and delivery gaps repaired from the store. */
class ConversationServicesTest {
    private static final ConversationId ROOM = new ConversationId("room");

    private final MutableClock clock = MutableClock.atEpoch();
    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final TextEncoder encoder = new TextEncoder();
    private final Traffic traffic = new Traffic();

    @Test
    void aJoinThatRacesLiveMessagesDeliversEachMessageOnceInOrderAfterItsReply() {
        RecordingTransport out = new RecordingTransport();
        LiveConnection lea = connect("lea", out);
        JoinService joins = joins(new StoreStub() {
            @Override
            public Enrollment enroll(ConversationId c, UserId u, Optional<Role> admitAs, boolean mayCreate,
                                     Instant now) {
                return new Enrollment.Enrolled(Role.MEMBER, false);
            }

            @Override
            public long latestOffset(ConversationId c) {
                return 3;
            }

            @Override
            public List<Message> messages(ConversationId c, MessageRange range) {
                // while the join reads what was missed, offsets 3 (late) and 4 (new) are published live
                registry.deliverToConversation(ROOM, encoder.encode(posted(4)), clock.instant());
                registry.deliverToConversation(ROOM, encoder.encode(posted(3)), clock.instant());
                return List.of(posted(2).message(), posted(3).message());
            }
        });

        ReplySlot slot = lea.reserveReply();
        Reply reply = Outcomes.value(joins.join(lea.id(), new ClientRequest.Join("j", ROOM, OptionalLong.of(1))));
        slot.fill(reply.frames());
        registry.deliverToConversation(ROOM, encoder.encode(posted(5)), clock.instant());

        ServerEvent.Joined joined = assertInstanceOf(ServerEvent.Joined.class, out.events().get(1));
        assertEquals(new ServerEvent.Joined("j", ROOM, Role.MEMBER, 3, Recovery.COMPLETE), joined);
        assertEquals(List.of(2L, 3L, 4L, 5L), offsets(out));
    }

    @Test
    void anUnavailableStoreRefusesTheJoinWithWhenToRetryAndLeavesNoSubscription() {
        LiveConnection max = connect("max", new RecordingTransport());
        JoinService joins = joins(new StoreStub() {
            @Override
            public Enrollment enroll(ConversationId c, UserId u, Optional<Role> admitAs, boolean mayCreate,
                                     Instant now) {
                throw new StoreUnavailableException("down", Duration.ofMillis(1500), null);
            }
        });
        Refusal refusal = Outcomes.refusal(joins.join(max.id(),
                new ClientRequest.Join("j", ROOM, OptionalLong.empty())));
        assertEquals(ErrorCode.UNAVAILABLE, refusal.code());
        assertEquals(Duration.ofMillis(1500), refusal.retryAfter());
        assertEquals(0, registry.conversationCount());
    }

    @Test
    void aMessageThatNeverArrivesIsFetchedFromTheStoreAfterThePatience() {
        RecordingTransport out = new RecordingTransport();
        LiveConnection ned = connect("ned", out);
        registry.subscribe(ned, ROOM, Role.MEMBER, () -> 0).orElseThrow().goLive(0);
        LocalDelivery delivery = new LocalDelivery(registry, encoder, new StoreStub() {
            @Override
            public List<Message> messages(ConversationId c, MessageRange range) {
                assertEquals(MessageRange.after(0, 1), range);
                return List.of(posted(1).message());
            }
        }, clock, Duration.ofSeconds(2));
        delivery.publish(ROOM, posted(2));
        delivery.repairGaps();
        assertEquals(List.of(), offsets(out), "still within patience");

        clock.advance(Duration.ofSeconds(3));
        delivery.repairGaps();

        assertEquals(List.of(1L, 2L), offsets(out));
    }

    @Test
    void inMembersOnlyModeATokensGrantAdmitsAndOnlyWhomTheCreationPolicyAllowsCreates() {
        ConversationId granted = new ConversationId("granted");
        ConversationId fresh = new ConversationId("fresh");
        LiveConnection ola = connect("ola", new RecordingTransport());
        ola.becomes(principal("ola", new Grants(Map.of(granted, Role.VIEWER), Optional.empty())));
        StoreStub store = new StoreStub() {
            @Override
            public Enrollment enroll(ConversationId c, UserId u, Optional<Role> admitAs, boolean mayCreate,
                                     Instant now) {
                if (c.equals(fresh)) {
                    return mayCreate ? new Enrollment.Enrolled(Role.OWNER, true) : new Enrollment.NoSuchConversation();
                }
                return admitAs.<Enrollment>map(role -> new Enrollment.Enrolled(role, false))
                        .orElse(new Enrollment.NotAdmitted());
            }

            @Override
            public long latestOffset(ConversationId c) {
                return 0;
            }
        };
        ConversationLimits grantedOnly = new ConversationLimits(ConversationLimits.defaults().content(),
                512 * 1024, 128, RateLimit.perMinute(30), 50, ConversationLimits.defaults().relay(),
                CreationPolicy.GRANTED);
        JoinService joins = joins(store, JoinPolicy.MEMBERS_ONLY, grantedOnly);

        Reply viewer = Outcomes.value(joins.join(ola.id(), new ClientRequest.Join("a", granted, OptionalLong.empty())));
        assertEquals(Role.VIEWER, ((ServerEvent.Joined) viewer.frames().getFirst().event()).role());
        assertEquals(ErrorCode.FORBIDDEN, Outcomes.refusal(joins.join(ola.id(),
                new ClientRequest.Join("b", ROOM, OptionalLong.empty()))).code(), "no membership, no grant");
        assertEquals(ErrorCode.NOT_FOUND, Outcomes.refusal(joins.join(ola.id(),
                new ClientRequest.Join("c", fresh, OptionalLong.empty()))).code(), "no create claim");

        ola.becomes(principal("ola", new Grants(Map.of(), Optional.of(true))));
        Reply owner = Outcomes.value(joins.join(ola.id(), new ClientRequest.Join("d", fresh, OptionalLong.empty())));
        assertEquals(Role.OWNER, ((ServerEvent.Joined) owner.frames().getFirst().event()).role());
    }

    private static Principal principal(String user, Grants grants) {
        return new Principal(new UserId(user), ClientKey.ofUser(new UserId(user)), Optional.empty(), grants, true);
    }

    private LiveConnection connect(String user, RecordingTransport transport) {
        LiveConnection connection = Connections.register(registry, "c-" + user, user, transport, encoder, traffic,
                clock.instant());
        connection.deliver(encoder.encode(new ServerEvent.Ping()));
        return connection;
    }

    private JoinService joins(ConversationStorePort store) {
        return joins(store, JoinPolicy.OPEN, ConversationLimits.defaults());
    }

    private JoinService joins(ConversationStorePort store, JoinPolicy policy, ConversationLimits limits) {
        LocalDelivery delivery = new LocalDelivery(registry, encoder, store, clock, Duration.ofSeconds(2));
        ServicePorts ports = new ServicePorts(store, delivery, encoder, new SequentialIds(), clock, traffic,
                new NoAttachments());
        AssistantRuns runs = new AssistantRuns((prompt, deltas, cancellation) -> {
            throw new AssertionError("no reply was asked for");
        }, store, delivery, ports.ids(), clock, RunSettings.defaults(), traffic);
        return new JoinService(registry, ports, runs, limits, ConnectionServicesTest.UNLIMITED, policy);
    }
}
