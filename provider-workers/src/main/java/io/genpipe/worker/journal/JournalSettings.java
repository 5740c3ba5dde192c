package io.genpipe.worker.journal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The journal of vendor calls ({@code genpipe.workers.journal}).
 *
 * @param rememberFinished how long a finished attempt's result is kept in memory to answer a dispatch seen again
 *                         (a redelivery, a router replaying a decision): these come within seconds of the result;
 *                         each costs about a kilobyte, so at 1,000 jobs/s the default holds some 60 MB
 * @param retention        how long the topic keeps records ({@code retention.ms}, with compaction), set when the
 *                         worker creates it; longer than any attempt timeout, or a call still running when its
 *                         record expires is submitted again after a crash. A provider whose calls run longer (a
 *                         trainer) keeps its records for its longest call and {@link #LONG_CALL_MARGIN} more.
 */
@ConfigurationProperties("genpipe.workers.journal")
public record JournalSettings(@DefaultValue("60s") Duration rememberFinished, @DefaultValue("15m") Duration retention) {

    /** What a long call's records are kept beyond the call's own time limit: room for a crash and a redelivery. */
    public static final Duration LONG_CALL_MARGIN = Duration.ofMinutes(5);

    public JournalSettings {
        rememberFinished = rememberFinished == null ? Duration.ofSeconds(60) : rememberFinished;
        retention = retention == null ? Duration.ofMinutes(15) : retention;
        if (rememberFinished.isNegative() || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("genpipe.workers.journal.remember-finished must not be negative and "
                    + "retention must be positive, were " + rememberFinished + " and " + retention);
        }
    }

    /** The retention of a provider whose calls may run for {@code longestCall}: the configured one, or longer. */
    public Duration retentionFor(Duration longestCall) {
        Duration needed = longestCall.plus(LONG_CALL_MARGIN);
        return needed.compareTo(retention) > 0 ? needed : retention;
    }
}
