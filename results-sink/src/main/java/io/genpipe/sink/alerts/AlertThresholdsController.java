package io.genpipe.sink.alerts;

import io.genpipe.access.Caller;
import io.genpipe.contracts.json.MessageFormatException;
import io.genpipe.sink.AuditLimit;
import io.genpipe.sink.VersionTag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/**
 * {@code /v1/admin/alerts/thresholds}: the alert thresholds in force, changed and reset without a restart, and who
 * changed them. Everything under {@code /v1/admin/**} is for operators (the ADMIN role, enforced by the sink's
 * security, not here). Every answer about the thresholds carries their version as a strong {@code ETag}; a change may
 * send it back as {@code If-Match} to be refused (412) if someone changed them meanwhile. The body is read with the
 * contract's serde, so a member of the wrong type is named in {@code field} as one out of range is.
 */
@RestController
@RequestMapping(path = "/v1/admin/alerts/thresholds", produces = MediaType.APPLICATION_JSON_VALUE)
class AlertThresholdsController {


    private final ThresholdsAdmin admin;

    AlertThresholdsController(ThresholdsAdmin admin) {
        this.admin = admin;
    }

    /**
     * The thresholds in force, every member said.
     *
     * @param version   also the ETag: 0 while nothing was changed
     * @param changedBy the id of the admin key that made this version; null at version 0
     * @param source    {@code configuration} (never changed, or reset) or {@code operator}
     */
    record ThresholdsAnswer(ThresholdsDocument.SuccessRate successRate, ThresholdsDocument.AverageTime averageTime,
                            ThresholdsDocument.CostPerImage costPerImage, ThresholdsDocument.PrimaryDown primaryDown,
                            List<Integer> budgetPercent, long version, String changedBy, Instant changedAt,
                            String source) {

        static ThresholdsAnswer of(ThresholdsInForce inForce) {
            ThresholdsDocument d = ThresholdsDocument.of(inForce.thresholds());
            return new ThresholdsAnswer(d.successRate(), d.averageTime(), d.costPerImage(), d.primaryDown(),
                    d.budgetPercent(), inForce.version(), inForce.changedBy(), inForce.changedAt(),
                    inForce.source().wireName());
        }
    }

    /**
     * One change.
     *
     * @param action  {@code updated} (a PUT) or {@code reset} (a DELETE)
     * @param changed the members whose values it changed, e.g. {@code successRate.below}
     * @param before  the thresholds in force when it was made
     * @param after   the thresholds it put in force (for a reset, the configuration's as they were then)
     */
    record AuditEntry(long version, String action, String changedBy, Instant changedAt, List<String> changed,
                      ThresholdsDocument before, ThresholdsDocument after) {

        static AuditEntry of(ThresholdVersions.Change change) {
            return new AuditEntry(change.version(), change.action().wireName(), change.changedBy(),
                    change.changedAt(), change.before().differences(change.after()), change.before(),
                    change.after());
        }
    }

    record AuditAnswer(List<AuditEntry> entries) {
    }

    @GetMapping
    ResponseEntity<ThresholdsAnswer> thresholds() {
        return tagged(admin.current());
    }

    @PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ThresholdsAnswer> update(@AuthenticationPrincipal Caller caller,
                                            @RequestHeader(name = BadThresholds.IF_MATCH, required = false)
                                            String ifMatch,
                                            @RequestBody(required = false) byte[] body) {
        ThresholdsDocument document;
        try {
            document = ThresholdsDocument.read(body);
        } catch (MessageFormatException e) {
            throw BadThresholds.invalid(e.field(), e.getMessage());
        }
        return tagged(admin.update(document, ifMatch, caller));
    }

    @DeleteMapping
    ResponseEntity<ThresholdsAnswer> reset(@AuthenticationPrincipal Caller caller,
                                           @RequestHeader(name = BadThresholds.IF_MATCH, required = false)
                                           String ifMatch) {
        return tagged(admin.reset(ifMatch, caller));
    }

    /** @param limit at most this many changes, the newest first (default {@value AuditLimit#DEFAULT}) */
    @GetMapping("/audit")
    AuditAnswer audit(@RequestParam(required = false) String limit) {
        return new AuditAnswer(admin.audit(AuditLimit.of(limit)).stream().map(AuditEntry::of).toList());
    }

    private static ResponseEntity<ThresholdsAnswer> tagged(ThresholdsInForce inForce) {
        return ResponseEntity.ok().eTag(VersionTag.of(inForce.version())).body(ThresholdsAnswer.of(inForce));
    }
}
