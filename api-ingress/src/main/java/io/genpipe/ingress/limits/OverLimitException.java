package io.genpipe.ingress.limits;

/** A request asking more than one request may (prompts in a batch, lines in an upload): 422 naming the field. */
public class OverLimitException extends RuntimeException {

    private final String field;

    public OverLimitException(String field, String detail) {
        super(detail);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
