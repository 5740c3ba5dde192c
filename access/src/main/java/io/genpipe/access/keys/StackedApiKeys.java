package io.genpipe.access.keys;

import io.genpipe.access.Caller;

import java.util.List;
import java.util.Optional;

/** The configured keys first, then the database's: a key in configuration works even while the database is away. */
public final class StackedApiKeys implements ApiKeys {

    private final List<ApiKeys> stores;

    public StackedApiKeys(List<ApiKeys> stores) {
        this.stores = List.copyOf(stores);
    }

    @Override
    public Optional<Caller> find(String sha256) {
        for (ApiKeys store : stores) {
            Optional<Caller> caller = store.find(sha256);
            if (caller.isPresent()) {
                return caller;
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "StackedApiKeys" + stores;
    }
}
