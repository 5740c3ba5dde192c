package io.genpipe.sink.budgets;

import io.genpipe.access.Caller;
import io.genpipe.contracts.event.SpendScope;
import io.genpipe.sink.AuditLimit;
import io.genpipe.sink.BadQuery;
import io.genpipe.sink.VersionTag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code /v1/admin/budgets}: the budgets in force, set, deleted, exported and imported without a restart, and who
 * changed them. Everything under {@code /v1/admin/**} is for operators (the ADMIN role, enforced by the sink's
 * security, not here). Every answer about one budget carries its version as a strong {@code ETag}; a change may send
 * it back as {@code If-Match} to be refused (412) if someone changed it meanwhile. Bodies are read with the contract's
 * serde ({@link BudgetsDocument}), so a member of the wrong type is named in {@code field} as one out of range is.
 */
@RestController
@RequestMapping(path = "/v1/admin/budgets", produces = MediaType.APPLICATION_JSON_VALUE)
class BudgetAdminController {


    private final BudgetsAdmin admin;
    private final Clock clock;

    BudgetAdminController(BudgetsAdmin admin, Clock clock) {
        this.admin = admin;
        this.clock = clock;
    }

    /**
     * One budget in force.
     *
     * @param version   also the ETag: 0 while no admin changed it
     * @param changedBy the id of the admin key that made this version; null at version 0
     * @param source    {@code configuration} (genpipe.sink.budgets) or {@code operator} (this API)
     */
    record BudgetAnswer(String scope, String name, BigDecimal dailyUsd, BigDecimal monthlyUsd, long version,
                        String changedBy, Instant changedAt, String source) {

        static BudgetAnswer of(BudgetInForce b) {
            return new BudgetAnswer(b.scope().wireName(), b.name(), b.state().dailyUsd(), b.state().monthlyUsd(),
                    b.version(), b.changedBy(), b.changedAt(), b.state().source().wireName());
        }
    }

    /** Every budget in force; sent back to {@code POST /import} as it is, it changes nothing. */
    record ExportAnswer(Instant exportedAt, String exportedBy, List<BudgetAnswer> budgets) {
    }

    /** @param changed each budget the import gave a new version; {@code unchanged}, those it left alone */
    record ImportAnswer(List<BudgetAnswer> changed, List<BudgetAnswer> unchanged) {
    }

    /** A budget's limits before or after a change, and where they came from. */
    record Limits(BigDecimal dailyUsd, BigDecimal monthlyUsd, String source) {

        static Limits of(BudgetState state) {
            return state == null ? null
                    : new Limits(state.dailyUsd(), state.monthlyUsd(), state.source().wireName());
        }
    }

    /**
     * One change.
     *
     * @param action {@code updated} (a PUT), {@code deleted} (a DELETE), {@code imported}
     * @param before what was in force when it was made; null for no budget
     * @param after  what it put in force; null for no budget (a delete with none configured)
     */
    record AuditEntry(String scope, String name, long version, String action, String changedBy, Instant changedAt,
                      Limits before, Limits after) {

        static AuditEntry of(BudgetVersions.Change c) {
            return new AuditEntry(c.scope().wireName(), c.name(), c.version(), c.action().wireName(), c.changedBy(),
                    c.changedAt(), Limits.of(c.before()), Limits.of(c.after()));
        }
    }

    record AuditAnswer(List<AuditEntry> entries) {
    }

    @GetMapping
    List<BudgetAnswer> list() {
        return admin.all().stream().map(BudgetAnswer::of).toList();
    }

    @GetMapping("/{scope}/{name}")
    ResponseEntity<BudgetAnswer> one(@PathVariable String scope, @PathVariable String name) {
        return tagged(admin.one(scope(scope), name));
    }

    @PutMapping(path = "/{scope}/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<BudgetAnswer> put(@AuthenticationPrincipal Caller caller, @PathVariable String scope,
                                     @PathVariable String name,
                                     @RequestHeader(name = VersionTag.IF_MATCH, required = false) String ifMatch,
                                     @RequestBody(required = false) byte[] body) {
        SpendScope parsed = scope(scope);
        return tagged(admin.put(parsed, name, BudgetsDocument.limits(body, parsed, name), ifMatch, caller));
    }

    /** {@code 204} when no budget is left, {@code 200} with the configured one when that is in force again. */
    @DeleteMapping("/{scope}/{name}")
    ResponseEntity<BudgetAnswer> delete(@AuthenticationPrincipal Caller caller, @PathVariable String scope,
                                        @PathVariable String name,
                                        @RequestHeader(name = VersionTag.IF_MATCH, required = false) String ifMatch) {
        BudgetInForce after = admin.delete(scope(scope), name, ifMatch, caller);
        return after.exists() ? tagged(after)
                : ResponseEntity.noContent().eTag(VersionTag.of(after.version())).build();
    }

    @GetMapping("/export")
    ExportAnswer export(@AuthenticationPrincipal Caller caller) {
        return new ExportAnswer(clock.instant(), caller.keyId(), list());
    }

    @PostMapping(path = "/import", consumes = MediaType.APPLICATION_JSON_VALUE)
    ImportAnswer importAll(@AuthenticationPrincipal Caller caller, @RequestBody(required = false) byte[] body) {
        BudgetsAdmin.Imported imported = admin.importAll(BudgetsDocument.imported(body), caller);
        return new ImportAnswer(imported.changed().stream().map(BudgetAnswer::of).toList(),
                imported.unchanged().stream().map(BudgetAnswer::of).toList());
    }

    /**
     * @param scope {@code provider} or {@code tenant}; absent for both
     * @param name  one budget's name; absent for every one
     * @param since RFC 3339; absent for every change
     * @param limit at most this many changes, the newest first (default {@value AuditLimit#DEFAULT})
     */
    @GetMapping("/audit")
    AuditAnswer audit(@RequestParam(required = false) String scope, @RequestParam(required = false) String name,
                      @RequestParam(required = false) String since, @RequestParam(required = false) String limit) {
        SpendScope parsed = blank(scope) ? null : SpendScope.fromWireName(scope.strip())
                .orElseThrow(() -> BadQuery.of("scope", scope, "provider or tenant"));
        return new AuditAnswer(admin.audit(parsed, blank(name) ? null : name, since(since), AuditLimit.of(limit)).stream()
                .map(AuditEntry::of).toList());
    }

    private static SpendScope scope(String scope) {
        return SpendScope.fromWireName(scope)
                .orElseThrow(() -> BadBudget.of("scope", "scope must be provider or tenant, was '" + scope + "'"));
    }

    private static Instant since(String text) {
        if (blank(text)) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw BadQuery.of("since", text, "an RFC 3339 time such as 2026-12-01T00:00:00Z");
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static ResponseEntity<BudgetAnswer> tagged(BudgetInForce inForce) {
        return ResponseEntity.ok().eTag(VersionTag.of(inForce.version())).body(BudgetAnswer.of(inForce));
    }
}
