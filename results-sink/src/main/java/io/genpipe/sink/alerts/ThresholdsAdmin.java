package io.genpipe.sink.alerts;

import io.genpipe.access.Caller;
import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.sink.VersionTag;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The admin's use cases on alert thresholds: read the ones in force, change them, reset them to the configuration's,
 * and list the changes. A change is checked against the catalog and against the version the caller last saw
 * ({@code If-Match}), stored as the next version ({@link ThresholdVersions}: two instances cannot both make it),
 * counted in {@value #CHANGES}, and evaluated at once on this instance; the others judge by it at their next round.
 */
@Component
class ThresholdsAdmin {

    static final String CHANGES = "genpipe.sink.alerts.threshold-changes";
    /** A change that lost its version to a concurrent one decides again from what is in force, this many times. */
    static final int ATTEMPTS = 3;

    private final ThresholdVersions versions;
    private final AlertEvaluator evaluator;
    private final ObjectProvider<Catalog> catalog;
    private final Clock clock;
    private final MeterRegistry meters;

    ThresholdsAdmin(ThresholdVersions versions, AlertEvaluator evaluator, ObjectProvider<Catalog> catalog, Clock clock,
                    MeterRegistry meters) {
        this.versions = versions;
        this.evaluator = evaluator;
        this.catalog = catalog;
        this.clock = clock;
        this.meters = meters;
    }

    ThresholdsInForce current() {
        return versions.inForce();
    }

    /** {@code PUT}: the thresholds become {@code document}, members it leaves out the configuration's. */
    ThresholdsInForce update(ThresholdsDocument document, String ifMatch, Caller caller) {
        requireProvider(document);
        AlertThresholds after = document.over(versions.configured());
        return change(ifMatch, current -> Optional.of(change(current, ThresholdVersions.Action.UPDATED, after,
                caller)));
    }

    /**
     * {@code DELETE}: back to the configuration's thresholds, as a new version; nothing changes (and the version in
     * force is answered) when they are in force already.
     */
    ThresholdsInForce reset(String ifMatch, Caller caller) {
        return change(ifMatch, current -> current.source() == ThresholdsInForce.Source.CONFIGURATION
                ? Optional.empty()
                : Optional.of(change(current, ThresholdVersions.Action.RESET, versions.configured(), caller)));
    }

    List<ThresholdVersions.Change> audit(int limit) {
        return versions.newestFirst(limit);
    }

    /**
     * Decides the change from what is in force, checks {@code If-Match} against it and stores it. When a concurrent
     * change took that version first, decides again: a conditional request then fails its precondition (412), an
     * unconditional one is made over the newer version.
     */
    private ThresholdsInForce change(String ifMatch,
                                     Function<ThresholdsInForce, Optional<ThresholdVersions.Change>> decision) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            ThresholdsInForce current = versions.inForce();
            VersionTag.require(ifMatch, current.version(), "Alert thresholds");
            Optional<ThresholdVersions.Change> change = decision.apply(current);
            if (change.isEmpty()) {
                return current;
            }
            try {
                versions.claim(change.get());
            } catch (ThresholdVersions.VersionTaken taken) {
                continue;
            }
            meters.counter(CHANGES, "action", change.get().action().wireName()).increment();
            // Here at once; every other instance at its next evaluation, when it reads the new version.
            evaluator.evaluateSoon();
            return versions.inForce(change.get());
        }
        throw BadThresholds.busy(ATTEMPTS);
    }

    private ThresholdVersions.Change change(ThresholdsInForce current, ThresholdVersions.Action action,
                                            AlertThresholds after, Caller caller) {
        Instant now = clock.instant();
        // changedBy is the key's id, whatever a body says: the audit must name who really changed them.
        return new ThresholdVersions.Change(current.nextVersion(), action,
                ThresholdsDocument.of(current.thresholds()), ThresholdsDocument.of(after), caller.keyId(), now);
    }

    /** The primary provider the body names, if any, must be the catalog's: a misspelt one would be "down" forever. */
    private void requireProvider(ThresholdsDocument document) {
        if (document.primaryDown() == null || document.primaryDown().provider() == null) {
            return;
        }
        String provider = document.primaryDown().provider().strip();
        Catalog known = catalog.getIfAvailable();
        if (provider.isEmpty() || known == null || known.provider(provider).isPresent()) {
            return;
        }
        throw BadThresholds.refused("primaryDown.provider", "The catalog has no provider '" + provider
                + "'; it has: " + String.join(", ", known.providers().keySet())
                + " (or leave it empty for the first of the text-to-image route)");
    }
}
