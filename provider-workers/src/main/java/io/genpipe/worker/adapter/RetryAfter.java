package io.genpipe.worker.adapter;

import io.genpipe.contracts.event.FailureClass;
import io.genpipe.worker.adapter.GenerationResult.Failed;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How long a vendor asked to be left alone, read from its answer's headers: OpenAI's {@code retry-after-ms}
 * (milliseconds, more precise, so it wins), else the standard {@code Retry-After} as seconds or as an HTTP date. A
 * date is measured against the answer's own {@code Date} header, so the vendor's clock is compared with itself and
 * ours does not matter; without one, against {@code clock}. A header that does not parse says nothing.
 */
public final class RetryAfter {

    static final String RETRY_AFTER = "Retry-After";
    static final String RETRY_AFTER_MS = "retry-after-ms";
    private static final String DATE = "Date";

    private RetryAfter() {
    }

    public static Optional<Duration> of(HttpHeaders headers, Clock clock) {
        Optional<Duration> millis = headers.firstValue(RETRY_AFTER_MS).flatMap(RetryAfter::millis);
        if (millis.isPresent()) {
            return millis;
        }
        return headers.firstValue(RETRY_AFTER).flatMap(value -> seconds(value).or(() -> date(value, headers, clock)));
    }

    /**
     * {@code failed} with the wait the answer states, when it is a failure that waiting may cure (RETRYABLE or
     * RATE_LIMITED); other failures are left as they are, a wait means nothing to them.
     */
    public static Failed advise(Failed failed, HttpHeaders headers, Clock clock, boolean doNotRetry) {
        if (failed.failureClass() != FailureClass.RETRYABLE && failed.failureClass() != FailureClass.RATE_LIMITED) {
            return failed;
        }
        Duration wait = of(headers, clock).orElse(null);
        return wait == null && !doNotRetry ? failed : failed.withRetryAdvice(wait, doNotRetry);
    }

    private static Optional<Duration> millis(String value) {
        try {
            return Optional.of(nonNegative(Duration.ofMillis(Math.round(Double.parseDouble(value.strip())))));
        } catch (NumberFormatException | ArithmeticException notMillis) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> seconds(String value) {
        try {
            // RFC 9110 says an integer; some gateways send "1.5", which means what it says.
            double seconds = Double.parseDouble(value.strip());
            if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                return Optional.empty();
            }
            return Optional.of(nonNegative(Duration.ofMillis(Math.round(seconds * 1000))));
        } catch (NumberFormatException | ArithmeticException notSeconds) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> date(String value, HttpHeaders headers, Clock clock) {
        Optional<Instant> until = httpDate(value);
        if (until.isEmpty()) {
            return Optional.empty();
        }
        Instant now = headers.firstValue(DATE).flatMap(RetryAfter::httpDate).orElseGet(clock::instant);
        return Optional.of(nonNegative(Duration.between(now, until.get())));
    }

    private static Optional<Instant> httpDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException notADate) {
            return Optional.empty();
        }
    }

    private static Duration nonNegative(Duration wait) {
        return wait.isNegative() ? Duration.ZERO : wait;
    }
}
