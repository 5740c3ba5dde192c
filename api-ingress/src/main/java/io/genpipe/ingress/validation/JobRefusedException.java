package io.genpipe.ingress.validation;

import java.util.List;

/**
 * No model of the catalog will do the job as asked: the caller gets 422 naming the field and what is allowed, and
 * nothing is published. Never carries the prompt.
 */
public class JobRefusedException extends RuntimeException {

    private final Refusal refusal;
    private final List<Candidate> candidates;

    public JobRefusedException(Refusal refusal, List<Candidate> candidates) {
        super(refusal.detail());
        this.refusal = refusal;
        this.candidates = List.copyOf(candidates);
    }

    public Refusal refusal() {
        return refusal;
    }

    /** Every candidate that was checked, each with its own refusal. */
    public List<Candidate> candidates() {
        return candidates;
    }
}
