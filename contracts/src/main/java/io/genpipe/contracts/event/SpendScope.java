package io.genpipe.contracts.event;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Optional;

/** Whose spend a budget and a {@link SpendSnapshot} are about: one provider's account, or one tenant's. */
public enum SpendScope {
    @JsonProperty("provider")
    PROVIDER("provider"),
    @JsonProperty("tenant")
    TENANT("tenant");

    private final String wireName;

    SpendScope(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire, in keys and in URLs. */
    public String wireName() {
        return wireName;
    }

    public static Optional<SpendScope> fromWireName(String name) {
        for (SpendScope scope : values()) {
            if (scope.wireName.equals(name)) {
                return Optional.of(scope);
            }
        }
        return Optional.empty();
    }
}
