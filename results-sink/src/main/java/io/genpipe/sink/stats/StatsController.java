package io.genpipe.sink.stats;

import io.genpipe.sink.BadQuery;
import io.genpipe.sink.Csv;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import io.genpipe.access.Caller;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code GET /v1/stats?window=1h}: success rate, average and p95 time, cost per image and fallback rate by provider
 * over the last {@code window} (seed 001's dashboard), as JSON or CSV. The window is a duration such as {@code 10m},
 * {@code 1h} or {@code 7d}, from one minute to 31 days.
 */
@RestController
class StatsController {

    private static final Duration SHORTEST = Duration.ofMinutes(1);
    private static final Duration LONGEST = Duration.ofDays(31);

    private final StatsQueries queries;
    private final Clock clock;

    StatsController(StatsQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @GetMapping(path = "/v1/stats", produces = MediaType.APPLICATION_JSON_VALUE)
    StatsReport stats(@AuthenticationPrincipal Caller caller, @RequestParam(defaultValue = "1h") String window,
                      @RequestParam(required = false) String tenantId) {
        Duration length = window(window);
        Instant to = clock.instant();
        Instant from = to.minus(length);
        // A tenant's figures are its own jobs'; an admin sees every tenant's, or the one it names.
        return new StatsReport(window, from, to, queries.stats(from, to, caller.tenantScope(tenantId)));
    }

    @GetMapping(path = "/v1/stats", produces = Csv.MEDIA_TYPE)
    ResponseEntity<String> statsCsv(@AuthenticationPrincipal Caller caller,
                                    @RequestParam(defaultValue = "1h") String window,
                                    @RequestParam(required = false) String tenantId) {
        return Csv.response(stats(caller, window, tenantId).csv());
    }

    private static Duration window(String text) {
        Duration length;
        try {
            length = DurationStyle.SIMPLE.parse(text);
        } catch (IllegalArgumentException e) {
            throw BadQuery.of("window", text, "a duration such as 10m, 1h or 7d");
        }
        if (length.compareTo(SHORTEST) < 0 || length.compareTo(LONGEST) > 0) {
            throw BadQuery.of("window", text, "from 1m to 31d");
        }
        return length;
    }
}
