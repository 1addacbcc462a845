package io.parley.adapter.out.assistant;

/** The agent broke one of AG-UI's rules; thrown while its stream is checked, on the run's thread. */
final class AguiViolation extends RuntimeException {

    AguiViolation(String rule) {
        super(rule, null, false, false);
    }
}
