package io.parley.application.service;

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

    void messageIn() {
        messagesIn.increment();
    }

    void messageOut() {
        messagesOut.increment();
    }

    void frameIn() {
        framesIn.increment();
    }

    void frameOut() {
        framesOut.increment();
    }

    void rejected(String reason) {
        rejections.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    void closed(String code) {
        closes.computeIfAbsent(code, k -> new LongAdder()).increment();
    }

    void limitHit(String limit) {
        limitHits.computeIfAbsent(limit, k -> new LongAdder()).increment();
    }

    void runStarted() {
        runsStarted.increment();
    }

    void runEnded(String outcome) {
        runsEnded.computeIfAbsent(outcome, k -> new LongAdder()).increment();
    }

    long runsStarted() {
        return runsStarted.sum();
    }

    Map<String, Long> runsEnded() {
        return snapshot(runsEnded);
    }

    long messagesIn() {
        return messagesIn.sum();
    }

    long messagesOut() {
        return messagesOut.sum();
    }

    long framesIn() {
        return framesIn.sum();
    }

    long framesOut() {
        return framesOut.sum();
    }

    Map<String, Long> rejections() {
        return snapshot(rejections);
    }

    Map<String, Long> closes() {
        return snapshot(closes);
    }

    Map<String, Long> limitHits() {
        return snapshot(limitHits);
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }
}
