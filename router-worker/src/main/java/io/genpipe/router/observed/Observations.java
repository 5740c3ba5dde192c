package io.genpipe.router.observed;

import io.genpipe.contracts.event.AttemptFailed;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.AttemptSucceeded;
import io.genpipe.contracts.event.FailureClass;

import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this router instance has seen of each provider's model lately: its latency on success and how often it
 * succeeds, as exponentially weighted means of the attempt results it applied. Each instance sees its partitions'
 * share of every provider's results, so its view is a fair sample of the group's, with no state to keep: after a
 * restart the catalog's figures serve until {@link #MIN_SAMPLES} results are in.
 *
 * <p>Only what says something about the provider counts: a content rejection or an invalid request is the job's
 * fault and leaves the success rate alone; a timeout counts as a failure and says nothing about latency.
 */
@Component
public class Observations {

    /** Results before the observed figures replace the catalog's. */
    static final int MIN_SAMPLES = 5;
    /** Weight of the newest result: about the last 10 results matter. */
    private static final double ALPHA = 0.2;

    private final Map<String, Observed> byModel = new ConcurrentHashMap<>();

    public void record(AttemptResult result) {
        // The job's own faults and the workers' bugs say nothing about how the provider does.
        if (result instanceof AttemptFailed failed && (!failed.failureClass().anotherProviderMayFix()
                || failed.failureClass() == FailureClass.INTERNAL_ERROR)) {
            return;
        }
        boolean succeeded = result instanceof AttemptSucceeded;
        byModel.merge(key(result.provider(), result.model()),
                Observed.first(succeeded, succeeded ? result.latencyMs() : null),
                (known, first) -> known.next(succeeded, succeeded ? result.latencyMs() : null));
    }

    /** The model's observed figures once enough results are in; empty before. */
    public Optional<Observed> of(String provider, String model) {
        Observed observed = byModel.get(key(provider, model));
        return observed == null || observed.samples() < MIN_SAMPLES ? Optional.empty() : Optional.of(observed);
    }

    private static String key(String provider, String model) {
        return provider + "/" + model;
    }

    /**
     * @param latencyMs   the weighted mean latency of successes; {@code null} before the first success
     * @param successRate the weighted share of provider-judged results that succeeded, 0 to 1
     * @param samples     results counted
     */
    public record Observed(Double latencyMs, double successRate, long samples) {

        static Observed first(boolean succeeded, Long latencyMs) {
            return new Observed(latencyMs == null ? null : latencyMs.doubleValue(), succeeded ? 1 : 0, 1);
        }

        Observed next(boolean succeeded, Long latency) {
            Double mean = latencyMs;
            if (latency != null) {
                mean = latencyMs == null ? latency.doubleValue() : latencyMs + ALPHA * (latency - latencyMs);
            }
            return new Observed(mean, successRate + ALPHA * ((succeeded ? 1 : 0) - successRate), samples + 1);
        }
    }
}
