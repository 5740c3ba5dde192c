package io.genpipe.ingress.admin;

/** A change that follows the body's shape but not the catalog (a model the provider does not have): 422. */
class SettingsRefusedException extends RuntimeException {

    private final String field;

    SettingsRefusedException(String field, String detail) {
        super(detail);
        this.field = field;
    }

    String field() {
        return field;
    }
}
