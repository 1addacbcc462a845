package io.parley.adapter.out.assistant;

/** Short, key-free descriptions of infrastructure exceptions for failure messages and logs. */
final class Failures {

    private Failures() {
    }

    /** The innermost cause's type and message, such as {@code ConnectException: Connection refused}. */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
