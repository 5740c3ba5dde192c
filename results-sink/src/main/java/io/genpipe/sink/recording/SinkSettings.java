package io.genpipe.sink.recording;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code genpipe.sink.*}: how the sink records.
 *
 * @param dispatchTopicDiscoveryMs how soon a new provider's dispatch topic is subscribed (the dispatch listener's
 *                                 {@code metadata.max.age.ms})
 * @param eventsPerTransaction     the most events one transaction records; a poll's records are cut into
 *                                 transactions of this size (1 records each event alone, as the sink once did)
 * @param outageBackoff            how long a listener waits between tries while the database is unavailable
 */
@ConfigurationProperties("genpipe.sink")
public record SinkSettings(@DefaultValue("30000") long dispatchTopicDiscoveryMs,
                           @DefaultValue("500") int eventsPerTransaction,
                           @DefaultValue Backoff outageBackoff) {

    public SinkSettings {
        if (eventsPerTransaction < 1) {
            throw new IllegalArgumentException("genpipe.sink.events-per-transaction must be at least 1, was "
                    + eventsPerTransaction);
        }
    }

    /** Doubling from {@code initial} up to {@code max}. */
    public record Backoff(@DefaultValue("1s") Duration initial, @DefaultValue("30s") Duration max) {

        public Backoff {
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("genpipe.sink.outage-backoff needs 0 < initial <= max, was "
                        + initial + " and " + max);
            }
        }

        /** The wait after the {@code failures}-th failure in a row (1 for the first). */
        public Duration after(long failures) {
            Duration wait = initial;
            for (long i = 1; i < failures && wait.compareTo(max) < 0; i++) {
                wait = wait.multipliedBy(2);
            }
            return wait.compareTo(max) > 0 ? max : wait;
        }
    }
}
