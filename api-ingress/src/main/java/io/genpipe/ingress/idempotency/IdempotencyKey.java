package io.genpipe.ingress.idempotency;

import io.genpipe.contracts.json.MessageFormatException;

/**
 * The {@code Idempotency-Key} header of a submission: 1 to 255 visible ASCII characters, as the IETF draft and the
 * APIs that use it (Stripe's, OpenAI's) expect; a UUID is the usual choice.
 */
public record IdempotencyKey(String value) {

    public static final String HEADER = "Idempotency-Key";
    static final int MAX_LENGTH = 255;

    public IdempotencyKey {
        if (value == null || value.isEmpty()) {
            throw MessageFormatException.invalid(HEADER, "must not be empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw MessageFormatException.invalid(HEADER,
                    "must be at most " + MAX_LENGTH + " characters, was " + value.length());
        }
        if (!value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw MessageFormatException.invalid(HEADER, "must be visible ASCII characters only");
        }
    }
}
