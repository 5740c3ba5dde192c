package io.genpipe.worker.adapter;

import io.genpipe.contracts.catalog.Usd;

import java.util.Optional;

/**
 * What an adapter tells the worker's journal of vendor calls, and what it learns from it, so that a dispatch seen
 * again (a redelivery after a crash, or the router replaying a decision) never pays the vendor twice: a queue
 * vendor's request is resumed by its id instead of being submitted again.
 *
 * <p>Calls are named by the index of their first image within the attempt ({@link GenerationRequest#firstImage}):
 * an attempt made as several calls records each on its own.
 */
public interface CallJournal {

    /** A journal that remembers nothing: every call is new (tests, and tools that call an adapter directly). */
    CallJournal NONE = new CallJournal() {
        @Override
        public Optional<String> submittedRequest(int firstImage) {
            return Optional.empty();
        }

        @Override
        public boolean resumes(int firstImage) {
            return false;
        }

        @Override
        public void submitted(int firstImage, String requestId) {
        }

        @Override
        public void calling(int firstImage) {
        }
    };

    /** The id of the request this call already submitted to a queue vendor; empty when it has not. */
    Optional<String> submittedRequest(int firstImage);

    /**
     * Whether {@link #submittedRequest} would now answer a request to resume, without taking it (that answer is given
     * once per call): for what runs before the adapter, such as the account limits, which a resume starts no call of.
     */
    boolean resumes(int firstImage);

    /** A queue vendor accepted the call under {@code requestId}: made durable so a replacement resumes it. */
    void submitted(int firstImage, String requestId);

    /**
     * A synchronous call is about to go out. It cannot be resumed, but it is recorded so that a call lost in a
     * crash is known to have been made (the vendor may bill it) when the attempt is made again.
     */
    void calling(int firstImage);

    /**
     * The call that starts at {@code firstImage} has its answer (retries within the attempt done), costing
     * {@code cost} ({@code null}: unknown): the last call recorded for it is the one the vendor bills for it. A
     * journal that reports no calls has no use for it.
     */
    default void answered(int firstImage, Usd cost) {
    }
}
