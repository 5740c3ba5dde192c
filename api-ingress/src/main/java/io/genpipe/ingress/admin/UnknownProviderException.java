package io.genpipe.ingress.admin;

import java.util.List;

/** The path names a provider the catalog does not have: 404. */
class UnknownProviderException extends RuntimeException {

    UnknownProviderException(String provider, List<String> known) {
        super("the catalog has no provider '" + provider + "'; it has: " + String.join(", ", known));
    }
}
