package io.genpipe.contracts.json;

/**
 * A message that does not follow the contract: not JSON, a missing required field, a value of the wrong
 * shape, or an unknown event type. It names the field at fault so that the record can be sent to the DLQ
 * (or an HTTP request refused) with a reason a producer can act on.
 *
 * <p>It never carries the message body: bodies may hold prompts, and prompts do not belong in logs.
 */
public final class MessageFormatException extends RuntimeException {

    /** What is wrong, so that callers can branch without parsing text. */
    public enum Problem { NOT_JSON, MISSING_FIELD, INVALID_VALUE, UNKNOWN_TYPE }

    private final Problem problem;
    private final String field;

    public MessageFormatException(Problem problem, String field, String reason) {
        super(field == null ? reason : field + ": " + reason);
        this.problem = problem;
        this.field = field;
    }

    public static MessageFormatException missing(String field) {
        return new MessageFormatException(Problem.MISSING_FIELD, field, "is required");
    }

    public static MessageFormatException invalid(String field, String reason) {
        return new MessageFormatException(Problem.INVALID_VALUE, field, reason);
    }

    public Problem problem() {
        return problem;
    }

    /** Dotted path of the field at fault ({@code params.width}), or {@code null} when the whole message is. */
    public String field() {
        return field;
    }

    /** The same problem, with the field seen from an enclosing object ({@code width} becomes {@code params.width}). */
    public MessageFormatException under(String parent) {
        if (parent == null || parent.isEmpty()) {
            return this;
        }
        String path = field == null ? parent : parent + "." + field;
        MessageFormatException nested = new MessageFormatException(problem, path, reason());
        nested.setStackTrace(getStackTrace());
        return nested;
    }

    /** What is wrong with the field, without its name. */
    public String reason() {
        String message = getMessage();
        return field == null ? message : message.substring(field.length() + 2);
    }
}
