package io.genpipe.contracts.catalog;

import java.time.Duration;
import java.util.Objects;

/**
 * What an estimate is asked about, before any call.
 *
 * @param size         the size each image will be sent at
 * @param count        images in the call
 * @param quality      the model's quality setting (e.g. {@code low}), for prices that depend on it; optional
 * @param promptLength characters of the prompt, for prices per input token
 * @param expectedTime how long the call is expected to take, for prices per GPU-second
 */
public record PriceQuery(Size size, int count, String quality, int promptLength, Duration expectedTime) {

    public PriceQuery {
        Objects.requireNonNull(size, "size");
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
        if (promptLength < 0) {
            throw new IllegalArgumentException("promptLength must not be negative");
        }
        expectedTime = expectedTime == null ? Duration.ZERO : expectedTime;
    }
}
