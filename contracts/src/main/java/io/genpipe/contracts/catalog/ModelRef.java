package io.genpipe.contracts.catalog;

import java.util.Objects;

/** A model of a provider, as routes name it: {@code fal} / {@code fal-ai/flux/schnell}. */
public record ModelRef(String provider, String model) {

    public ModelRef {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
    }

    @Override
    public String toString() {
        return provider + ":" + model;
    }
}
