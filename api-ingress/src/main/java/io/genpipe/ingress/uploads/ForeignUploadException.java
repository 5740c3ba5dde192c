package io.genpipe.ingress.uploads;

/**
 * A job naming another tenant's upload as an input: refused with 403 naming the field, as naming another tenant in
 * {@code tenantId} is. Only an admin key may use any tenant's uploads.
 */
public class ForeignUploadException extends RuntimeException {

    private final String field;

    ForeignUploadException(String field) {
        super(field + ": is another tenant's upload; a key may use its own tenant's uploads only");
        this.field = field;
    }

    public String field() {
        return field;
    }
}
