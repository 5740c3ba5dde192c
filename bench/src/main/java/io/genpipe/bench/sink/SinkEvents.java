package io.genpipe.bench.sink;

import io.genpipe.bench.serde.SampleEvents;
import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptSucceeded;
import io.genpipe.contracts.event.VendorCall;
import io.genpipe.contracts.event.GenpipeEvent;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.ImageRef;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.JobSucceeded;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.RouteExplanation;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The four events the sink records for a job that succeeds at its first attempt, as the pipeline writes them: the
 * request (200-character prompt), the router's dispatch with its route, the worker's result with its vendor call and
 * the router's outcome.
 */
record SinkEvents(JobRequested requested, AttemptDispatched dispatched, AttemptSucceeded succeeded,
                  JobSucceeded outcome) {

    static final String PROVIDER = "fal";
    private static final String MODEL = "fal-ai/flux/schnell";

    static SinkEvents of(String jobId, String batchId, Instant at) {
        JobRequested job = JobRequested.create(jobId, "studio-north", batchId, Operation.TEXT_TO_IMAGE,
                SampleEvents.PROMPT, new ImageParams(1024, 768, 1, 424_242L, "blurry, watermark, text"), null, at);
        RouteExplanation route = new RouteExplanation("cost", List.of(new RouteExplanation.Score(PROVIDER, MODEL,
                0.875, new BigDecimal("0.0023"), 60, 1_500, null, null)), List.of());
        AttemptDispatched dispatch = new AttemptDispatched(GenpipeEvent.SCHEMA_VERSION, UUID.randomUUID().toString(),
                jobId, at.plusMillis(3), 1, PROVIDER, MODEL, "cheapest qualifying: fal", at.plusSeconds(120), job,
                List.of(), null, List.of(), route, null);
        AttemptSucceeded result = dispatch.succeeded(List.of(new ImageRef(
                        "https://v3.fal.media/files/bench/" + jobId + ".png", 1024, 768, "image/png")),
                new BigDecimal("0.00225"), 1_400, at.plusMillis(1_410));
        // The one call a worker reports for it, as every worker lists its calls (AttemptResult.calls).
        result = result.withCalls(List.of(new VendorCall(VendorCall.id(jobId, 1, 0), 0, "bench-" + jobId, "worker-1",
                at.plusMillis(8), VendorCall.Outcome.ANSWERED, result.costUsd())));
        JobSucceeded outcome = new JobSucceeded(GenpipeEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), jobId,
                at.plusMillis(1_415), job.tenantId(), batchId, at, PROVIDER, MODEL, result.images(),
                List.of(result.summary()), null);
        return new SinkEvents(job, dispatch, result, outcome);
    }
}
