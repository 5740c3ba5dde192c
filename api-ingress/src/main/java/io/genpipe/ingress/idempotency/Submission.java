package io.genpipe.ingress.idempotency;

/** What a submission with an {@link IdempotencyKey} came to. */
public sealed interface Submission {

    String jobId();

    /** The key was new (or had expired): the job was published now. */
    record Published(String jobId) implements Submission {
    }

    /** The same key with the same request was seen before: that job, and nothing published again. */
    record Replayed(String jobId) implements Submission {
    }
}
