package io.genpipe.sink.jobs;

import io.genpipe.contracts.event.ImageRef;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.sink.JobStatus;

import io.genpipe.contracts.catalog.Usd;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A job as {@code GET /v1/jobs/{id}} shows it. Amounts are USD with trailing zeros stripped.
 *
 * @param operation    {@code text-to-image}, {@code image-edit} or {@code model-training}; null when only the outcome
 *                     has been recorded yet (an outcome does not carry it)
 * @param provider     who made the images (or the model); null unless SUCCEEDED
 * @param images       none for a training, which makes a model instead
 * @param trainedModel what a model-training job made, and how later jobs name it; null for other operations, and
 *                     until the job succeeded
 * @param totalCostUsd the sum of the recorded attempts' known costs
 * @param unknownCostAttempts attempts whose cost is unknown (the catalog's price could not tell): while above zero,
 *                     the total is a lower bound, never the whole bill
 * @param lostVendorCalls vendor calls made for its attempts whose answers a worker crash lost: the vendor may bill
 *                     them, so while above zero the total is a lower bound too
 * @param lostVendorCallsExpectedCostUsd what the catalog expected the lost calls to cost, from what they asked (the
 *                     vendor's own figures were lost with their answers): about what the vendor bills beside the
 *                     total; null when none was lost
 * @param unpricedLostVendorCalls lost calls whose price could not tell in advance (per GPU second): unknown, and in
 *                     no expected cost
 * @param durationMs   from request to outcome; null until the job is finished
 * @param progress     what the vendor last said about the attempt running now (a training's); null once the job is
 *                     finished, when that attempt has its result, and when none was reported
 * @param experiment   the A/B arm the job was assigned to; null when it is in none (or no event saying so was seen)
 * @param rating       what a person thought of its images ({@code thumbs_up}, {@code thumbs_down}); null until rated
 * @param vendorCalls  every request its attempts sent to a vendor, and what they come to; null when no attempt
 *                     reported its calls (a worker older than the report, or none ran yet)
 * @param attempts     the recorded attempts, in attempt order
 * @param webhook      the delivery of its outcome to its callback URL; null when the job has none (or its request,
 *                     which carries it, has not been recorded yet)
 * @param traceId      the job's W3C trace id (its records' {@code traceparent}), to find its one trace in a tracing
 *                     backend (Jaeger, Tempo); null when no record of it carried one
 */
public record JobView(
        String jobId,
        JobStatus status,
        String tenantId,
        String batchId,
        String operation,
        String provider,
        String model,
        List<Image> images,
        TrainedModel trainedModel,
        BigDecimal totalCostUsd,
        int unknownCostAttempts,
        int lostVendorCalls,
        BigDecimal lostVendorCallsExpectedCostUsd,
        int unpricedLostVendorCalls,
        String failureClass,
        String failureReason,
        Instant requestedAt,
        Instant completedAt,
        Long durationMs,
        Progress progress,
        Experiment experiment,
        String rating,
        VendorCalls vendorCalls,
        List<Attempt> attempts,
        Webhook webhook,
        String traceId) {

    /** Where one generated image is. */
    public record Image(String uri, Integer width, Integer height, String contentType) {

        /** The {@code jobs.images} column: written from the outcome's contract ImageRefs, read with the same serde. */
        public static List<Image> listed(String json) {
            return Arrays.stream(JsonSerde.instance().read(json, ImageRef[].class))
                    .map(i -> new Image(i.uri(), i.width(), i.height(), i.contentType()))
                    .toList();
        }
    }

    /**
     * What a training made (the contract's {@code TrainedModel}).
     *
     * @param kind        {@code lora-weights} (a later job names them in {@code inputs.loras[].url}),
     *                    {@code model-version} or {@code custom-model} (a later job names it in {@code model} on the
     *                    provider that trained it)
     * @param reference   the weights' URL, the model version or the custom model id
     * @param triggerWord the word that summons the subject, as the job gave it
     */
    public record TrainedModel(String kind, String reference, String triggerWord) {
    }

    /**
     * The latest progress of a running attempt (the contract's {@code AttemptProgressed}).
     *
     * @param status  the vendor's own word for its state ({@code IN_QUEUE}, {@code processing}, ...)
     * @param percent 0 to 100; null when the vendor did not say
     * @param message the vendor's last line; null when none
     * @param at      when the worker saw it
     */
    public record Progress(String status, Integer percent, String message, int attempt, String provider,
                           Instant at) {
    }

    /**
     * How the delivery of the job's outcome to its callback stands (never the URL: it may hold a token).
     *
     * @param status         {@code AWAITING_OUTCOME} (the job is not finished), {@code PENDING} (to be attempted, again
     *                       from {@code nextAttemptAt}), {@code DELIVERED} or {@code GAVE_UP}
     * @param attempts       attempts made (one in flight counts)
     * @param lastStatusCode the receiver's HTTP status at the last attempt; null when it gave none
     * @param lastError      why the last attempt failed, or why it was given up; null once delivered
     */
    public record Webhook(String status, int attempts, Integer lastStatusCode, String lastError,
                          Instant nextAttemptAt, Instant deliveredAt) {
    }

    /** The A/B experiment and arm of a job. */
    public record Experiment(String experiment, String arm) {
    }

    /**
     * One attempt; {@code failureClass} and {@code reason} are null when it succeeded. An attempt whose dispatch is
     * recorded but not its result is {@code DISPATCHED}: in flight, with no cost or latency yet.
     *
     * @param reason         why the attempt failed (the vendor's or worker's words)
     * @param costUsd        null when unknown (or not billed yet, while DISPATCHED), as {@code costKnown} says
     * @param latencyMs      null while DISPATCHED
     * @param adjustments    what the vendor was sent differently from the job's parameters
     * @param dispatchedAt   when the router dispatched it; the four dispatch fields are null until its dispatch is
     *                       recorded (and each is null when the dispatch did not say)
     * @param deadline       when the worker was to give up rather than call the vendor
     * @param dispatchReason why the router chose this provider, in words
     * @param route          the same for programs: the policy, each qualifying candidate's score, who was skipped
     * @param vendorCalls    the requests it sent to the vendor, in the order they were made; empty when its result
     *                       did not report them, or has not come
     */
    public record Attempt(int attempt, String provider, String model, String status, String failureClass,
                          String reason, BigDecimal costUsd, boolean costKnown, Long latencyMs,
                          List<String> adjustments, Instant dispatchedAt, Instant deadline, String dispatchReason,
                          Route route, List<Call> vendorCalls) {
    }

    /**
     * One request sent to a vendor (the contract's {@code VendorCall}).
     *
     * @param outcome   {@code ANSWERED}, {@code RETRIED} (failed unbilled, made again), {@code LOST} (a worker crash
     *                  lost its answer; it was made again) or {@code UNANSWERED} (the attempt stopped waiting)
     * @param costUsd   what it costs (for a LOST call, what the catalog expected); null when unknown
     * @param duplicate the vendor may bill it but the attempt's cost does not hold it: paid for twice
     */
    public record Call(String callId, int firstImage, String vendorRequestId, String instance, Instant startedAt,
                       String outcome, BigDecimal costUsd, boolean duplicate) {

        boolean billable() {
            return !"RETRIED".equals(outcome);
        }
    }

    /**
     * A job's vendor calls together: what the vendors bill for it is the sum of its calls.
     *
     * @param made              requests sent, retries included
     * @param billable          of which the vendor may bill (all but the retries after an unbilled failure)
     * @param costUsd           what the billable ones with a known cost come to: the job's total plus what its
     *                          duplicates cost
     * @param unpriced          billable calls whose cost is unknown, in no amount here: while above zero the amounts
     *                          are lower bounds
     * @param duplicates        billable calls the attempts' costs do not hold (made again after a crash)
     * @param duplicatesCostUsd what those with a known cost come to; null when there are none
     */
    public record VendorCalls(int made, int billable, BigDecimal costUsd, int unpriced, int duplicates,
                              BigDecimal duplicatesCostUsd) {

        /** Null when no attempt reported its calls: nothing is known, which is not zero calls. */
        static VendorCalls of(List<Attempt> attempts) {
            List<Call> calls = attempts.stream().flatMap(a -> a.vendorCalls().stream()).toList();
            if (calls.isEmpty()) {
                return null;
            }
            int billable = 0;
            int unpriced = 0;
            int duplicates = 0;
            BigDecimal cost = BigDecimal.ZERO;
            BigDecimal duplicatesCost = null;
            for (Call call : calls) {
                if (!call.billable()) {
                    continue;
                }
                billable++;
                if (call.costUsd() == null) {
                    unpriced++;
                } else {
                    cost = cost.add(call.costUsd());
                }
                if (call.duplicate()) {
                    duplicates++;
                    if (call.costUsd() != null) {
                        duplicatesCost = duplicatesCost == null ? call.costUsd() : duplicatesCost.add(call.costUsd());
                    }
                }
            }
            return new VendorCalls(calls.size(), billable, Usd.plainOrNull(cost), unpriced, duplicates,
                    Usd.plainOrNull(duplicatesCost));
        }
    }

    /**
     * Why a dispatch went where it did (the contract's {@code RouteExplanation}).
     *
     * @param scores  the candidates that qualified, best first: the chosen one first
     * @param skipped the candidates passed over, with a closed {@code cause} and a {@code reason} in words
     */
    public record Route(String policy, List<Score> scores, List<Skip> skipped) {
    }

    /**
     * One qualifying candidate of a route.
     *
     * @param estimatedCostPerImageUsd the catalog's estimate per image; null when its price could not tell
     * @param backlog          calls in flight at the provider's workers; null when unknown
     * @param successRate      the share of its recent attempts that succeeded, as the router saw; null when unknown
     */
    public record Score(String provider, String model, double score, BigDecimal estimatedCostPerImageUsd,
                        int quality, long expectedLatencyMs, Integer backlog, Double successRate) {
    }

    public record Skip(String provider, String model, String cause, String reason) {
    }

    /**
     * The progress a job's status shows: the latest recorded, only while the job is not finished, and only while its
     * attempt is the job's last and has no result yet (an earlier attempt's progress would describe work that ended).
     * Progress kept after the job finished is not shown as running.
     *
     * @param attempts the job's recorded attempts
     * @return null when there is nothing running to show
     */
    static Progress running(JobStatus status, Progress latest, List<Attempt> attempts) {
        if (latest == null || status == JobStatus.SUCCEEDED || status == JobStatus.FAILED) {
            return null;
        }
        boolean over = attempts.stream().anyMatch(a -> a.attempt() > latest.attempt()
                || a.attempt() == latest.attempt() && !DISPATCHED.equals(a.status()));
        return over ? null : latest;
    }

    /** An attempt whose dispatch is recorded but not its result. */
    static final String DISPATCHED = "DISPATCHED";

    static Long durationMs(Instant requestedAt, Instant completedAt) {
        return completedAt == null ? null : Duration.between(requestedAt, completedAt).toMillis();
    }
}
