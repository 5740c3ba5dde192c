package io.genpipe.ingress.validation;

/**
 * Why no model will do a job, in the API's terms.
 *
 * @param problem     what kind of refusal, for callers that branch on it
 * @param field       the job's field at fault, in the contract's names ({@code params.width}, {@code model},
 *                    {@code routing.provider})
 * @param reason      what is wrong, naming what the catalog allows
 * @param replacement the model to ask for instead, when the asked one is shut down; otherwise {@code null}
 */
public record Refusal(Problem problem, String field, String reason, String replacement) {

    public enum Problem {
        /** The job names a model the catalog does not know. */
        UNKNOWN_MODEL,
        /** The job names a model its vendor has shut down. */
        MODEL_SHUT_DOWN,
        /** The job names a model no route of its operation uses, so the router would never send it there. */
        OPERATION_NOT_SUPPORTED,
        /** The job forces a provider ({@code routing.provider}) the catalog does not know. */
        UNKNOWN_PROVIDER,
        /** The job asks for a quality preset ({@code routing.preset}) the catalog does not define for its operation. */
        UNKNOWN_PRESET,
        /** The job forces a provider that has no model for its operation, its named model or its preset. */
        PROVIDER_HAS_NO_MODEL,
        /** The job names a model and a preset that does not use it. */
        MODEL_NOT_IN_PRESET,
        /** No route exists for the job's operation. */
        NO_ROUTE,
        /** Every candidate refuses the job as asked (size, count, seed, prompt length, ...). */
        NO_MODEL_FITS
    }

    /** {@code params: fal:fal-ai/flux/schnell allows at most 2048x2048, asked 4096x4096}, like the 400s. */
    public String detail() {
        return field + ": " + reason;
    }

    /** The same refusal for a field seen from elsewhere: a batch's {@code prompt} is {@code prompts[3]}. */
    public Refusal at(String otherField) {
        return new Refusal(problem, otherField, reason, replacement);
    }
}
