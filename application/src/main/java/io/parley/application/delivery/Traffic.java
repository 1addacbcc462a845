package io.parley.application.delivery;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** This node's traffic counters, cheap to bump from any thread. */
public final class Traffic {
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder messagesOut = new LongAdder();
    private final LongAdder framesIn = new LongAdder();
    private final LongAdder framesOut = new LongAdder();
    private final Map<String, LongAdder> rejections = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> closes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> limitHits = new ConcurrentHashMap<>();
    private final LongAdder runsStarted = new LongAdder();
    private final Map<String, LongAdder> runsEnded = new ConcurrentHashMap<>();

    public void messageIn() {
        messagesIn.increment();
    }

    public void messageOut() {
        messagesOut.increment();
    }

    public void frameIn() {
        framesIn.increment();
    }

    public void frameOut() {
        framesOut.increment();
    }

    public void rejected(String reason) {
        rejections.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    public void closed(String code) {
        closes.computeIfAbsent(code, k -> new LongAdder()).increment();
    }

    public void limitHit(String limit) {
        limitHits.computeIfAbsent(limit, k -> new LongAdder()).increment();
    }

    public void runStarted() {
        runsStarted.increment();
    }

    public void runEnded(String outcome) {
        runsEnded.computeIfAbsent(outcome, k -> new LongAdder()).increment();
    }

    public long runsStarted() {
        return runsStarted.sum();
    }

    public Map<String, Long> runsEnded() {
        return snapshot(runsEnded);
    }

    public long messagesIn() {
        return messagesIn.sum();
    }

    public long messagesOut() {
        return messagesOut.sum();
    }

    public long framesIn() {
        return framesIn.sum();
    }

    public long framesOut() {
        return framesOut.sum();
    }

    public Map<String, Long> rejections() {
        return snapshot(rejections);
    }

    public Map<String, Long> closes() {
        return snapshot(closes);
    }

    public Map<String, Long> limitHits() {
        return snapshot(limitHits);
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }
}
