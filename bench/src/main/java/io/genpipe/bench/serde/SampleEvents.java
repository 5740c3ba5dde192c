package io.genpipe.bench.serde;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptSucceeded;
import io.genpipe.contracts.event.AttemptSummary;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.GenpipeEvent;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.ImageRef;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.json.JsonSerde;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The three messages every job sends at least once, at the sizes production sees: a 200-character prompt with
 * size, seed and negative prompt, and a third attempt that carries the two before it. Fixed values, so that
 * runs compare.
 */
public final class SampleEvents {

    public static final String PROMPT = ("A weathered lighthouse keeper in a yellow oilskin coat stands on wet basalt rocks "
            + "at dawn, storm clouds breaking over a green sea, cinematic rim light, 85mm lens, shallow depth of "
            + "field, muted film grain").substring(0, 200);

    private static final Instant REQUESTED_AT = Instant.parse("2026-11-22T10:15:30.123456Z");

    private SampleEvents() {
    }

    public static JobRequested jobRequested() {
        return new JobRequested(GenpipeEvent.SCHEMA_VERSION, "0f6d3c1e-8a2b-4c7d-9e10-5a4b3c2d1e0f",
                "batch-20261122-0042-17", REQUESTED_AT, "studio-north", "batch-20261122-0042", Operation.TEXT_TO_IMAGE,
                PROMPT, new ImageParams(1024, 768, 1, 424_242L, "blurry, watermark, text"),
                REQUESTED_AT.plusSeconds(600), null, null, null);
    }

    /** Attempt 3, after fal was rate-limited and OpenAI answered a 5xx. */
    public static AttemptDispatched attemptDispatched() {
        JobRequested job = jobRequested();
        List<AttemptSummary> previous = List.of(
                new AttemptSummary(1, "fal", "fal-ai/flux/schnell", FailureClass.RATE_LIMITED,
                        "HTTP 429 rate limited", BigDecimal.ZERO, 312),
                new AttemptSummary(2, "openai", "gpt-image-1", FailureClass.RETRYABLE,
                        "HTTP 503 server_error", BigDecimal.ZERO, 4_870));
        return new AttemptDispatched(GenpipeEvent.SCHEMA_VERSION, "7d1e0c52-9b3a-4f6e-8c21-0a9b8c7d6e5f", job.jobId(),
                REQUESTED_AT.plusMillis(5_400), 3, "openai-eu", "gpt-image-1",
                "priority 3 of 3: fal RATE_LIMITED, openai RETRYABLE", REQUESTED_AT.plusSeconds(300), job, previous,
                null, List.of(), null, null);
    }

    public static AttemptSucceeded attemptSucceeded() {
        AttemptDispatched dispatch = attemptDispatched();
        List<ImageRef> images = List.of(new ImageRef(
                "file:/var/lib/genpipe/images/batch-20261122-0042-17/3-0.png", 1024, 768, "image/png"));
        return dispatch.succeeded(images, new BigDecimal("0.01642000"), 9_350, REQUESTED_AT.plusMillis(14_800));
    }

    /** Prints each sample's size on the wire, for the benchmark's README. */
    public static void main(String[] args) {
        JsonSerde serde = JsonSerde.instance();
        for (Object event : List.of(jobRequested(), attemptDispatched(), attemptSucceeded())) {
            System.out.printf("%-18s %5d bytes%n", event.getClass().getSimpleName(), serde.write(event).length);
        }
    }
}
