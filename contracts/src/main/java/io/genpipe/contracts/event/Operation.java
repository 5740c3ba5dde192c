package io.genpipe.contracts.event;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Optional;

/** The kind of generation work a job asks for. Routing keeps a provider list per operation. */
public enum Operation {
    @JsonProperty("text-to-image")
    TEXT_TO_IMAGE("text-to-image");

    private final String wireName;

    Operation(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire and in configuration keys. */
    public String wireName() {
        return wireName;
    }

    /** The operation of that wire name, or empty. */
    public static Optional<Operation> fromWireName(String name) {
        for (Operation operation : values()) {
            if (operation.wireName.equals(name)) {
                return Optional.of(operation);
            }
        }
        return Optional.empty();
    }
}
