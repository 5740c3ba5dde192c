package io.genpipe.ingress.submission;

/**
 * A tenant's key submitting work for another tenant: refused with 403 naming {@code tenantId}. Only an admin key may
 * submit for a tenant not its own.
 */
public class ForeignTenantException extends RuntimeException {

    private final String field;

    ForeignTenantException(String field, String asked, String own) {
        super("This key belongs to tenant '" + own + "' and may not submit for tenant '" + asked
                + "'; leave " + field + " out to submit as '" + own + "'");
        this.field = field;
    }

    public String field() {
        return field;
    }
}
