package io.genpipe.access.keys;

import io.genpipe.access.Caller;

import java.util.Optional;

/** Where keys are looked up: by the SHA-256 of the key presented, so no store ever holds a key. */
@FunctionalInterface
public interface ApiKeys {

    /** @param sha256 {@link ApiKeyHash#sha256} of the key the request presented */
    Optional<Caller> find(String sha256);
}
