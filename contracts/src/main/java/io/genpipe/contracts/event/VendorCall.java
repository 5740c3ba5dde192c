package io.genpipe.contracts.event;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One request a worker sent to a vendor for an attempt, as the attempt's result reports it: the sink keeps one row
 * per call, so that what genpipe records adds up to what the vendor bills, a call made twice after a crash included.
 *
 * @param callId          {@code jobId/attempt/n}, {@code n} the call's place in the attempt's journal: the same call
 *                        has the same id in every report of the attempt, so the sink records it once
 * @param firstImage      the call's first image within the attempt (an attempt for more images than one call makes
 *                        is made as several calls)
 * @param vendorRequestId the queue vendor's own id for the request (fal's {@code request_id}, Replicate's prediction
 *                        id), to find it on the vendor's bill; absent for a synchronous call, which has none
 * @param instance        the worker instance that sent it
 * @param outcome         what became of its answer
 * @param costUsd         what it costs: the vendor's answer priced by the catalog for {@link Outcome#ANSWERED}, zero
 *                        for {@link Outcome#RETRIED}, the catalog's estimate for {@link Outcome#LOST}; absent when
 *                        unknown (never zero for that)
 */
public record VendorCall(String callId, int firstImage, String vendorRequestId, String instance, Instant startedAt,
                         Outcome outcome, BigDecimal costUsd) {

    /** What became of a call's answer. */
    public enum Outcome {
        /** Its answer is the attempt's (for its images), billed at {@code costUsd}. */
        ANSWERED,
        /** It failed in a way the vendor does not bill (a 429, a 503) and was made again within the attempt. */
        RETRIED,
        /**
         * A worker crash lost its answer and it could not be resumed, so it was made again: the vendor may bill it,
         * and {@code costUsd} is what the catalog expected it to cost.
         */
        LOST,
        /** The worker stopped waiting for its answer (the attempt's time ran out): the vendor may still bill it. */
        UNANSWERED
    }

    public VendorCall {
        Require.text(callId, "callId");
        Require.notNegative(firstImage, "firstImage");
        Require.text(instance, "instance");
        Require.present(startedAt, "startedAt");
        Require.present(outcome, "outcome");
        Require.notNegative(costUsd, "costUsd");
    }

    public static String id(String jobId, int attempt, int index) {
        return jobId + "/" + attempt + "/" + index;
    }

    /** Whether the vendor may bill it: every call but one retried after an unbilled failure. */
    public boolean billable() {
        return outcome != Outcome.RETRIED;
    }
}
