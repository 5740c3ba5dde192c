package io.genpipe.sink.following;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code genpipe.sink.follow.*}: clients that wait for a job to end ({@code GET /v1/jobs/{id}?wait=30s}) or follow a
 * batch as it goes ({@code GET /v1/batches/{id}/events}).
 *
 * @param interval      how often the database is asked about what clients wait for: one query per waiting job's
 *                      batch of ids, one per followed batch. The longest a client learns late; any sink instance
 *                      can answer, whichever recorded the outcome
 * @param longestWait   the most a {@code wait} may ask
 * @param streamTimeout how long a batch's event stream stays open; a client reconnects to follow longer
 * @param maxFollowers  waiting jobs and open streams this instance holds at once; more are answered 503
 */
@ConfigurationProperties("genpipe.sink.follow")
public record FollowSettings(@DefaultValue("250ms") Duration interval, @DefaultValue("60s") Duration longestWait,
                             @DefaultValue("30m") Duration streamTimeout, @DefaultValue("10000") int maxFollowers) {

    public FollowSettings {
        if (interval.isNegative() || interval.isZero() || longestWait.isNegative() || streamTimeout.isNegative()
                || maxFollowers < 1) {
            throw new IllegalArgumentException("genpipe.sink.follow needs a positive interval, waits and followers");
        }
    }
}
