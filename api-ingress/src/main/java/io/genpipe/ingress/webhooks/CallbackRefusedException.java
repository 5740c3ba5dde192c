package io.genpipe.ingress.webhooks;

/** A job's {@code callbackUrl} follows the contract but this deployment does not deliver to it (422). */
public final class CallbackRefusedException extends RuntimeException {

    public static final String FIELD = "callbackUrl";

    /** @param reason names the host, never the URL's path or query, which may hold a token */
    CallbackRefusedException(String reason) {
        super(FIELD + ": " + reason);
    }
}
