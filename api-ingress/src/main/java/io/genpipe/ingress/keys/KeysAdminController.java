package io.genpipe.ingress.keys;

import io.genpipe.access.Caller;
import io.genpipe.access.Role;
import io.genpipe.access.keys.DatabaseApiKeys;
import io.genpipe.contracts.json.MessageFormatException;
import io.genpipe.ingress.problem.RequestBodies;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * {@code /v1/admin/keys} (ADMIN only, like all of {@code /v1/admin/**}): make a tenant's or an admin's API key, list
 * them, revoke one. A key made here is kept by its hash in the database ({@code access.api_keys}) and works at once
 * on every ingress and sink that reads that database; the key itself is in the answer to its creation and nowhere
 * else.
 */
@RestController
@RequestMapping(path = "/v1/admin/keys", produces = MediaType.APPLICATION_JSON_VALUE)
class KeysAdminController {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final DatabaseApiKeys keys;
    private final MeterRegistry meters;

    KeysAdminController(DatabaseApiKeys keys, MeterRegistry meters) {
        this.keys = keys;
        this.meters = meters;
    }

    /** {@code {"tenantId":"acme","role":"TENANT","keyId":"acme-ci"}}; only {@code tenantId} is required. */
    record NewKey(String keyId, String tenantId, Role role) {

        NewKey {
            if (tenantId == null) {
                throw MessageFormatException.missing("tenantId");
            }
            requireName("tenantId", tenantId);
            if (keyId != null) {
                requireName("keyId", keyId);
            }
        }
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DatabaseApiKeys.IssuedKey> issue(@AuthenticationPrincipal Caller caller, @RequestBody byte[] body) {
        NewKey request = RequestBodies.read(body, NewKey.class);
        Role role = request.role() == null ? Role.TENANT : request.role();
        String keyId = request.keyId() != null ? request.keyId()
                : request.tenantId() + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        try {
            DatabaseApiKeys.IssuedKey issued = keys.issue(keyId, request.tenantId(), role, caller.keyId());
            meters.counter("genpipe.ingress.admin.keys", "action", "issued", "role", role.name()).increment();
            return ResponseEntity.status(HttpStatus.CREATED).body(issued);
        } catch (DuplicateKeyException e) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                    "A key with keyId '" + keyId + "' exists; choose another id or revoke it first");
            problem.setTitle("Key id taken");
            problem.setProperty("field", "keyId");
            throw new ErrorResponseException(HttpStatus.CONFLICT, problem, e);
        }
    }

    @GetMapping
    List<DatabaseApiKeys.KeyRecord> list() {
        return keys.list();
    }

    @DeleteMapping("/{keyId}")
    ResponseEntity<Void> revoke(@AuthenticationPrincipal Caller caller, @PathVariable String keyId) {
        if (!keys.revoke(keyId, caller.keyId())) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                    "No unrevoked key with keyId '" + keyId + "'");
            problem.setTitle("Unknown key");
            problem.setProperty("field", "keyId");
            throw new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
        }
        meters.counter("genpipe.ingress.admin.keys", "action", "revoked", "role", "any").increment();
        return ResponseEntity.noContent().build();
    }

    private static void requireName(String field, String value) {
        if (!NAME.matcher(value).matches()) {
            throw MessageFormatException.invalid(field,
                    "must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }
}
