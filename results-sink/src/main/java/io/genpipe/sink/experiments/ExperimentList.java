package io.genpipe.sink.experiments;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /v1/experiments}: the A/B experiments the sink has recorded jobs of, the latest first, so that a caller
 * can pick one to compare ({@code GET /v1/experiments/{id}}). The router's configured experiments that no job has
 * reached yet are not known here.
 */
public record ExperimentList(List<Experiment> experiments) {

    /**
     * @param jobs            its jobs the caller sees
     * @param arms            the arms those jobs were assigned to, by name
     * @param lastRequestedAt the newest of those jobs' requests
     */
    public record Experiment(String experiment, long jobs, List<String> arms, Instant lastRequestedAt) {
    }
}
