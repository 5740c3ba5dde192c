package io.genpipe.sink.costs;

import io.genpipe.sink.BadQuery;
import io.genpipe.sink.Csv;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import io.genpipe.access.Caller;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * {@code GET /v1/costs?from=&to=&groupBy=provider|model|tenant|day|operation[&tenantId=]}: seed 004's usage and cost report, as
 * JSON or, with {@code Accept: text/csv} or {@code format=csv}, as a spreadsheet. {@code from} and {@code to} are UTC
 * days, both included; without them the report covers the last 30 days up to today. A tenant's key reports its own
 * spend only, whatever {@code tenantId} it names; an admin's reports every tenant's, or the one named.
 */
@RestController
class CostController {

    /** The longest period one report covers: a year and a day, so that any calendar year fits. */
    static final int MAX_DAYS = 367;
    private static final int DEFAULT_DAYS = 30;

    private final CostQueries queries;
    private final Clock clock;

    CostController(CostQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @GetMapping(path = "/v1/costs", produces = MediaType.APPLICATION_JSON_VALUE)
    CostReport costs(@AuthenticationPrincipal Caller caller, @RequestParam(required = false) String from,
                     @RequestParam(required = false) String to,
                     @RequestParam(defaultValue = "provider") String groupBy,
                     @RequestParam(required = false) String tenantId) {
        return report(from, to, grouping(groupBy), caller.tenantScope(tenantId));
    }

    @GetMapping(path = "/v1/costs", produces = Csv.MEDIA_TYPE)
    ResponseEntity<String> costsCsv(@AuthenticationPrincipal Caller caller,
                                    @RequestParam(required = false) String from,
                                    @RequestParam(required = false) String to,
                                    @RequestParam(defaultValue = "provider") String groupBy,
                                    @RequestParam(required = false) String tenantId) {
        CostGrouping grouping = grouping(groupBy);
        return Csv.response(report(from, to, grouping, caller.tenantScope(tenantId)).csv(grouping));
    }

    private CostReport report(String fromText, String toText, CostGrouping grouping, String tenantId) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate to = toText == null ? today : day("to", toText);
        LocalDate from = fromText == null ? to.minusDays(DEFAULT_DAYS - 1) : day("from", fromText);
        if (from.isAfter(to)) {
            throw BadQuery.of("to", to.toString(), "on or after from (" + from + ")");
        }
        if (from.plusDays(MAX_DAYS).isBefore(to.plusDays(1))) {
            throw BadQuery.of("from", from.toString(), "at most " + MAX_DAYS + " days before to (" + to + ")");
        }
        return queries.report(from, to, grouping, tenantId == null || tenantId.isBlank() ? null : tenantId);
    }

    private static CostGrouping grouping(String groupBy) {
        return CostGrouping.fromWireName(groupBy)
                .orElseThrow(() -> BadQuery.of("groupBy", groupBy, CostGrouping.accepted()));
    }

    private static LocalDate day(String field, String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw BadQuery.of(field, text, "a day as YYYY-MM-DD (UTC)");
        }
    }
}
