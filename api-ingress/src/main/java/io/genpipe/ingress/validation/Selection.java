package io.genpipe.ingress.validation;

import java.util.List;

/**
 * The candidates of a job (its route, narrowed to the asked model) and whether the job is refused.
 *
 * @param candidates in route order; empty when the job was refused before any was checked (e.g. unknown model)
 * @param refusal    why no candidate will do it; {@code null} when at least one fits
 */
public record Selection(List<Candidate> candidates, Refusal refusal) {

    public Selection {
        candidates = List.copyOf(candidates);
    }

    public boolean refused() {
        return refusal != null;
    }

    public List<Candidate> fitting() {
        return candidates.stream().filter(Candidate::fits).toList();
    }
}
