package io.genpipe.ingress.admin;

/** {@code If-Match} named a version that is no longer the provider's: someone changed it meanwhile. 412. */
class VersionMismatchException extends RuntimeException {

    private final String provider;
    private final long current;

    VersionMismatchException(String provider, String asked, long current) {
        super(provider + "'s settings are at version " + current + ", not " + asked
                + ": someone changed them meanwhile. GET them, and change what they say now.");
        this.provider = provider;
        this.current = current;
    }

    String provider() {
        return provider;
    }

    long current() {
        return current;
    }
}
