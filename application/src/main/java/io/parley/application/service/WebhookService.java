package io.parley.application.service;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.parley.application.port.in.DeliverWebhooksUseCase;
import io.parley.application.port.out.StoreUnavailableException;
import io.parley.application.port.out.WebhookOutboxPort;
import io.parley.application.port.out.WebhookOutboxPort.Cursor;
import io.parley.application.port.out.WebhookOutboxPort.MembershipEvent;
import io.parley.application.port.out.WebhookPort;
import io.parley.application.port.out.WebhookPort.Delivery;
import io.parley.domain.LogLine;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.Revision;

/**
 * Delivers webhooks from the store's outbox. A round, when this node holds the lease: for each conversation with
 * entries past its cursor whose retry is due, its entries in offset order until one fails (its cursor then waits
 * for the backoff, the others go on); then the membership changes in their order. An event that failed
 * {@code maxAttempts} times is parked (counted, logged, kept in the store) and its conversation goes on after it.
 * The cursor moves only after a 2xx, so a node killed mid-round delivers the rest, and at most that one event
 * again, after its restart (or the next leader does).
 */
public final class WebhookService implements DeliverWebhooksUseCase {
    private static final System.Logger LOG = System.getLogger(WebhookService.class.getName());
    private static final int CONVERSATIONS_PER_ROUND = 64;

    private final WebhookOutboxPort outbox;
    private final WebhookPort receiver;
    private final WebhookSettings settings;
    private final Clock clock;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicBoolean leading = new AtomicBoolean();

    public WebhookService(WebhookOutboxPort outbox, WebhookPort receiver, WebhookSettings settings, Clock clock) {
        this.outbox = outbox;
        this.receiver = receiver;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public int deliverDue() {
        try {
            boolean lead = outbox.lead(settings.node(), clock.instant(), settings.lease());
            if (leading.getAndSet(lead) != lead) {
                LOG.log(Level.INFO, () -> LogLine.event(lead ? "webhooks_leading" : "webhooks_following")
                        .with("node", settings.node()).toString());
            }
            if (!lead) {
                return 0;
            }
            int sent = 0;
            for (Cursor cursor : outbox.due(clock.instant(), CONVERSATIONS_PER_ROUND)) {
                sent += conversation(cursor, settings.perRound() - sent);
                if (sent >= settings.perRound()) {
                    return sent;
                }
            }
            return sent + memberships(settings.perRound() - sent);
        } catch (StoreUnavailableException e) {
            LOG.log(Level.WARNING, () -> LogLine.event("webhooks_store_unavailable").with("error", e.getMessage())
                    .toString());
            return 0;
        }
    }

    /** Delivers the conversation's entries after its cursor in order, until one fails or {@code budget} is spent. */
    private int conversation(Cursor cursor, int budget) {
        long at = cursor.delivered();
        int attempts = cursor.attempts();
        int sent = 0;
        while (sent < budget && at < cursor.latest()) {
            Optional<Message> next = outbox.next(cursor.conversation(), at);
            if (next.isEmpty()) {
                outbox.delivered(cursor.conversation(), cursor.latest());
                return sent;
            }
            Message entry = next.get();
            WebhookPort.Event event = event(entry);
            switch (receiver.send(event)) {
                case Delivery.Delivered ok -> {
                    outbox.delivered(cursor.conversation(), entry.offset());
                    delivered.incrementAndGet();
                    at = entry.offset();
                    attempts = 0;
                    sent++;
                }
                case Delivery.Failed failure -> {
                    failed.incrementAndGet();
                    int tries = attempts + 1;
                    if (tries >= settings.maxAttempts()) {
                        outbox.park(cursor.conversation(), entry.offset(), event.id(), event.type(), tries,
                                failure.reason(), clock.instant());
                        parked(event, tries, failure.reason());
                        at = entry.offset();
                        attempts = 0;
                        continue;
                    }
                    outbox.failed(cursor.conversation(), tries, clock.instant().plus(settings.backoff(tries)),
                            failure.reason());
                    return sent;
                }
            }
        }
        return sent;
    }

    private int memberships(int budget) {
        int sent = 0;
        while (sent < budget) {
            Optional<MembershipEvent> next = outbox.nextMembershipEvent(clock.instant());
            if (next.isEmpty()) {
                return sent;
            }
            MembershipEvent change = next.get();
            WebhookPort.Event event = new WebhookPort.Event("membership-" + change.id(), "member_" + change.kind(),
                    change.conversation(), Optional.empty(), change.at(), Optional.empty(),
                    Optional.of(change.user()), change.role());
            switch (receiver.send(event)) {
                case Delivery.Delivered ok -> {
                    outbox.membershipDelivered(change.id());
                    delivered.incrementAndGet();
                    sent++;
                }
                case Delivery.Failed failure -> {
                    failed.incrementAndGet();
                    int tries = change.attempts() + 1;
                    if (tries < settings.maxAttempts()) {
                        outbox.membershipFailed(tries, clock.instant().plus(settings.backoff(tries)),
                                failure.reason());
                        return sent;
                    }
                    outbox.park(change.conversation(), -1, event.id(), event.type(), tries, failure.reason(),
                            clock.instant());
                    outbox.membershipDelivered(change.id());
                    parked(event, tries, failure.reason());
                }
            }
        }
        return sent;
    }

    /** The event of a log entry: its id is the conversation and the offset, the same on every try. */
    private static WebhookPort.Event event(Message entry) {
        String type = entry.revision().changed().map(c -> c.kind().wireName()).orElse("message");
        return new WebhookPort.Event(entry.conversation().value() + "/" + entry.offset(), type,
                entry.conversation(), Optional.of(entry.offset()), eventTime(entry), Optional.of(entry),
                Optional.of(entry.sender()), Optional.empty());
    }

    private static Instant eventTime(Message entry) {
        Revision revision = entry.revision();
        return revision.deletedAt() != null ? revision.deletedAt() : entry.at();
    }

    private void parked(WebhookPort.Event event, int tries, String reason) {
        LOG.log(Level.WARNING, () -> LogLine.event("webhook_parked").with("event", event.id())
                .with("type", event.type()).with("conversation", event.conversation()).with("attempts", tries)
                .with("error", reason).toString());
    }

    @Override
    public Counts counts() {
        long parkedNow;
        try {
            parkedNow = outbox.parked();
        } catch (StoreUnavailableException e) {
            parkedNow = -1;
        }
        return new Counts(delivered.get(), failed.get(), parkedNow);
    }

    /** Turns the store's outbox on, from now on (what was stored before is not delivered). */
    public void start() {
        outbox.enable(true, clock.instant());
    }
}
