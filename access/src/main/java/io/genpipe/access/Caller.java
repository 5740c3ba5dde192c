package io.genpipe.access;

import java.util.Objects;

/**
 * Who sent a request: the key's id (never the key), the tenant it belongs to and its role. Controllers take it
 * with {@code @AuthenticationPrincipal Caller caller}.
 *
 * @param keyId    names the key in logs and audit records ("acme-ci"); the key itself is never kept
 * @param tenantId the tenant whose jobs, batches, costs and images the key sees
 */
public record Caller(String keyId, String tenantId, Role role) {

    public Caller {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(role, "role");
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Whether this caller may see a record of {@code tenantId}: its own, or any for an admin. */
    public boolean sees(String tenantId) {
        return isAdmin() || this.tenantId.equals(tenantId);
    }

    /**
     * The tenant a query is about: a tenant's own, whatever it asked; an admin's choice, or every tenant ({@code null})
     * when it named none.
     */
    public String tenantScope(String asked) {
        if (isAdmin()) {
            return asked == null || asked.isBlank() ? null : asked;
        }
        return tenantId;
    }
}
