package io.genpipe.sink;

/**
 * The {@code limit} of an admin audit listing ({@code /v1/admin/alerts/thresholds/audit},
 * {@code /v1/admin/budgets/audit}): how many changes, the newest first. Read here rather than by Spring's conversion,
 * whose refusal of {@code limit=ten} names no field.
 */
public final class AuditLimit {

    public static final int DEFAULT = 50;
    public static final int MAX = 500;

    private AuditLimit() {
    }

    /** @throws BadQuery naming {@code limit} when it is not an integer from 1 to {@value #MAX} */
    public static int of(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT;
        }
        try {
            int asked = Integer.parseInt(text.strip());
            if (asked >= 1 && asked <= MAX) {
                return asked;
            }
        } catch (NumberFormatException e) {
            // Not an integer: refused below in the same words as one out of range.
        }
        throw BadQuery.of("limit", text, "an integer from 1 to " + MAX);
    }
}
