package io.genpipe.sink.alerts;

import io.genpipe.sink.BadQuery;
import io.genpipe.sink.Csv;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import io.genpipe.access.Caller;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

/**
 * {@code GET /v1/alerts?since=}: every alert raised or cleared since then (an RFC 3339 instant; default the last 24
 * hours), oldest raise first, each with whether it still fires. JSON, or CSV ({@code format=csv}). The
 * {@code alerts_by_raised} and {@code alerts_by_cleared} indexes serve it.
 */
@RestController
class AlertController {

    private static final Duration DEFAULT_SINCE = Duration.ofHours(24);

    private final JdbcClient jdbc;
    private final Clock clock;

    AlertController(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** One alert: its raise, and its clearing once cleared ({@code clearedAt} null while it fires). */
    record AlertView(String alertId, String rule, String scope, String period, LocalDate periodStart,
                     BigDecimal threshold, BigDecimal observed, String window, Long sample, String message,
                     Instant raisedAt, boolean firing, Instant clearedAt, BigDecimal clearedObserved,
                     String clearedMessage) {

        static AlertView of(AlertBook.AlertRow row) {
            return new AlertView(row.alertId().toString(), row.rule().wireName(), row.scope(),
                    row.period() == null ? null : row.period().wireName(), row.periodStart(), row.threshold(),
                    row.observed(), row.window() == null ? null : row.window().toString(), row.sample(),
                    row.message(), row.raisedAt(), row.clearedAt() == null, row.clearedAt(), row.clearedObserved(),
                    row.clearedMessage());
        }
    }

    @GetMapping(path = "/v1/alerts", produces = MediaType.APPLICATION_JSON_VALUE)
    List<AlertView> alerts(@AuthenticationPrincipal Caller caller, @RequestParam(required = false) String since) {
        // A tenant sees its own budget's alerts; the providers' and every other tenant's are an operator's.
        String own = "tenant:" + caller.tenantId();
        return jdbc.sql("""
                        SELECT * FROM alerts WHERE raised_at >= :since OR cleared_at >= :since
                        ORDER BY raised_at, alert_id LIMIT 10000
                        """)
                .param("since", Timestamp.from(since(since)))
                .query((rs, n) -> AlertView.of(AlertBook.AlertRow.of(rs))).stream()
                .filter(alert -> caller.isAdmin() || own.equals(alert.scope()))
                .toList();
    }

    @GetMapping(path = "/v1/alerts", produces = Csv.MEDIA_TYPE)
    ResponseEntity<String> alertsCsv(@AuthenticationPrincipal Caller caller,
                                     @RequestParam(required = false) String since) {
        Csv csv = new Csv(List.of("alert_id", "rule", "scope", "period", "period_start", "threshold", "observed",
                "window", "sample", "message", "raised_at", "firing", "cleared_at", "cleared_observed",
                "cleared_message"));
        for (AlertView a : alerts(caller, since)) {
            csv.row(Arrays.asList(a.alertId(), a.rule(), a.scope(), a.period(), a.periodStart(), a.threshold(),
                    a.observed(), a.window(), a.sample(), a.message(), a.raisedAt(), a.firing(), a.clearedAt(),
                    a.clearedObserved(), a.clearedMessage()));
        }
        return Csv.response(csv.toString());
    }

    private Instant since(String text) {
        if (text == null || text.isBlank()) {
            return clock.instant().minus(DEFAULT_SINCE);
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw BadQuery.of("since", text, "an RFC 3339 instant in UTC, e.g. 2026-12-01T10:00:00Z");
        }
    }
}
