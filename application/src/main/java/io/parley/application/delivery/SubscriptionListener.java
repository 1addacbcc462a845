package io.parley.application.delivery;

/** Hears subscriptions begin and end on this node, whichever way they end (leave, close, removal, deletion). */
public interface SubscriptionListener {
    /** Hears nothing. */
    SubscriptionListener NONE = new SubscriptionListener() {
        @Override
        public void subscribed(Subscription subscription) {
        }

        @Override
        public void unsubscribed(Subscription subscription) {
        }
    };

    void subscribed(Subscription subscription);

    void unsubscribed(Subscription subscription);
}
