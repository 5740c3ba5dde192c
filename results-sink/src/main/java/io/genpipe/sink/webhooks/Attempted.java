package io.genpipe.sink.webhooks;

/** How one attempt at a delivery ended. */
sealed interface Attempted {

    /** The receiver answered 2xx. */
    record Delivered(int status) implements Attempted {
    }

    /**
     * Another answer, or none (refused connection, timeout): tried again later, unless the retries are spent.
     *
     * @param status the receiver's HTTP status; null when it gave none
     * @param reason in words, naming the host at most, never the URL's path or query
     */
    record Failed(Integer status, String reason) implements Attempted {
    }

    /** This sink does not deliver to the URL (plain http, or a host resolving to a private address): given up now. */
    record Refused(String reason) implements Attempted {
    }
}
