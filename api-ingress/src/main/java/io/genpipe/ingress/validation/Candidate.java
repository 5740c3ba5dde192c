package io.genpipe.ingress.validation;

import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.contracts.catalog.Fit;
import io.genpipe.contracts.catalog.ModelRef;

import java.util.Optional;

/**
 * One model of the job's route, with whether it can do the job as asked.
 *
 * @param priority its place in the route, from 1
 * @param fit      what it would be sent, or why it cannot
 */
public record Candidate(Catalog.Entry entry, int priority, Fit fit) {

    public String provider() {
        return entry.provider().name();
    }

    public String model() {
        return entry.model().id();
    }

    /** {@code fal:fal-ai/flux/schnell}, as refusals name a candidate. */
    public ModelRef ref() {
        return entry.ref();
    }

    public boolean fits() {
        return fit instanceof Fit.Fits;
    }

    public Optional<Fit.Fits> fitted() {
        return fit instanceof Fit.Fits fits ? Optional.of(fits) : Optional.empty();
    }

    public Optional<Fit.Refused> refused() {
        return fit instanceof Fit.Refused refused ? Optional.of(refused) : Optional.empty();
    }
}
