package io.parley.application.service;

import java.lang.System.Logger.Level;
import java.time.Clock;

import io.parley.application.port.in.PurgeExpiredMessagesUseCase;
import io.parley.application.port.out.AttachmentStorePort;
import io.parley.application.port.out.PurgeMessagesPort;
import io.parley.application.port.out.StoreUnavailableException;
import io.parley.domain.LogLine;
import io.parley.domain.conversation.RetentionPolicy;

/**
 * Runs the retention policy over the store, on the schedule bootstrap gives it: the messages it no longer keeps go,
 * and the attachments they carried after them.
 */
public final class RetentionService implements PurgeExpiredMessagesUseCase {
    private static final System.Logger LOG = System.getLogger(RetentionService.class.getName());

    private final PurgeMessagesPort purge;
    private final AttachmentStorePort attachments;
    private final RetentionPolicy policy;
    private final Clock clock;

    public RetentionService(PurgeMessagesPort purge, AttachmentStorePort attachments, RetentionPolicy policy,
                            Clock clock) {
        this.purge = purge;
        this.attachments = attachments;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public long purgeExpired() {
        if (policy.keepsEverything()) {
            return 0;
        }
        try {
            PurgeMessagesPort.Purged purged = purge.purge(policy, clock.instant());
            long deleted = purged.messages();
            purged.attachments().forEach(attachments::delete);
            LOG.log(Level.INFO, () -> LogLine.event("retention_purge").with("deleted", deleted)
                    .with("attachments", purged.attachments().size())
                    .with("max_age", policy.maxAge().orElse(null))
                    .with("max_messages", policy.maxMessages().isPresent() ? policy.maxMessages().getAsInt() : null)
                    .toString());
            return deleted;
        } catch (StoreUnavailableException e) {
            LOG.log(Level.WARNING, () -> LogLine.event("retention_purge_failed").with("error", e.getMessage())
                    .toString());
            return 0;
        }
    }
}
