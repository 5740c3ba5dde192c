package io.genpipe.ingress.admin;

import io.genpipe.access.Caller;
import io.genpipe.contracts.event.ProviderSettingsChanged;
import io.genpipe.contracts.json.MessageFormatException;
import io.genpipe.ingress.problem.RequestBodies;
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

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The admin API of provider settings ({@code /v1/admin/**} needs an ADMIN key: the access module's security chain).
 * Bodies are read with the contract's serde, so a bad member is named in {@code field} as everywhere in the ingress.
 * Every answer about one provider's settings carries its version as {@code ETag}; a change may send it back as
 * {@code If-Match} to be refused (412) if someone changed the settings meanwhile.
 */
@RestController
@RequestMapping(path = "/v1/admin", produces = MediaType.APPLICATION_JSON_VALUE)
class AdminSettingsController {

    private final ProviderSettingsAdmin admin;
    private final AuditLog audit;
    private final AdminSettings settings;

    AdminSettingsController(ProviderSettingsAdmin admin, AuditLog audit, AdminSettings settings) {
        this.admin = admin;
        this.audit = audit;
        this.settings = settings;
    }

    @GetMapping("/providers")
    ProviderList providers() {
        return new ProviderList(admin.providers());
    }

    @GetMapping("/providers/{provider}/settings")
    ResponseEntity<SettingsAnswer> settings(@PathVariable String provider) {
        return tagged(admin.settings(provider));
    }

    @PutMapping(path = "/providers/{provider}/settings", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SettingsAnswer> update(@AuthenticationPrincipal Caller caller, @PathVariable String provider,
                                          @RequestHeader(name = Versions.IF_MATCH, required = false) String ifMatch,
                                          @RequestBody byte[] body) {
        // An unknown provider is a 404 whatever the body says.
        admin.requireProvider(provider);
        SettingsChange change = RequestBodies.read(body, SettingsChange.class);
        return tagged(admin.update(provider, change, ifMatch, caller));
    }

    @DeleteMapping("/providers/{provider}/settings")
    ResponseEntity<SettingsAnswer> reset(@AuthenticationPrincipal Caller caller, @PathVariable String provider,
                                         @RequestHeader(name = Versions.IF_MATCH, required = false) String ifMatch) {
        return tagged(admin.reset(provider, ifMatch, caller));
    }

    @GetMapping("/settings/export")
    SettingsExport export(@AuthenticationPrincipal Caller caller) {
        return admin.export(caller);
    }

    @PostMapping(path = "/settings/import", consumes = MediaType.APPLICATION_JSON_VALUE)
    ImportAnswer importSettings(@AuthenticationPrincipal Caller caller, @RequestBody byte[] body) {
        return admin.importAll(RequestBodies.read(body, SettingsImport.class), caller);
    }

    /**
     * @param provider only this provider's changes
     * @param since    only changes at or after this instant (ISO-8601, {@code 2026-12-01T00:00:00Z})
     * @param limit    at most this many, the newest first; at most {@code genpipe.ingress.admin.audit-limit}
     */
    @GetMapping("/audit")
    AuditList audit(@RequestParam(name = "provider", required = false) String provider,
                    @RequestParam(name = "since", required = false) String since,
                    @RequestParam(name = "limit", required = false) String limit) {
        int max = settings.auditLimit();
        return new AuditList(audit.read(provider == null || provider.isBlank() ? null : provider, instant(since),
                limit(limit, max)));
    }

    /**
     * Read here rather than by Spring's conversion, whose refusal of {@code limit=ten} names no field and is worded
     * in Java's terms: refused as {@code since} is, naming {@code limit}.
     */
    private static int limit(String limit, int max) {
        if (limit == null || limit.isBlank()) {
            return max;
        }
        try {
            int asked = Integer.parseInt(limit.strip());
            if (asked >= 1 && asked <= max) {
                return asked;
            }
        } catch (NumberFormatException e) {
            // Not an integer, or beyond one: refused below in the same words as one out of range.
        }
        throw MessageFormatException.invalid("limit", "must be an integer from 1 to " + max + ", was '" + limit + "'");
    }

    private static Instant instant(String since) {
        if (since == null || since.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(since);
        } catch (DateTimeParseException e) {
            throw MessageFormatException.invalid("since", "must be an ISO-8601 instant (2026-12-01T00:00:00Z), was '"
                    + since + "'");
        }
    }

    private static ResponseEntity<SettingsAnswer> tagged(SettingsAnswer answer) {
        return ResponseEntity.ok().eTag(Versions.etag(answer.version())).body(answer);
    }

    record ProviderList(List<ProviderAnswer> providers) {
    }

    /** The audit entries asked for, newest first. */
    record AuditList(List<ProviderSettingsChanged> entries) {
    }
}
