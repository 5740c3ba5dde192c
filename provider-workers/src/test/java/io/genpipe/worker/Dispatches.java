package io.genpipe.worker;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.GenpipeEvent;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.Operation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Dispatched attempts as the router writes them, for tests. */
public final class Dispatches {

    private Dispatches() {
    }

    public static String newJobId() {
        return "job-" + UUID.randomUUID();
    }

    public static AttemptDispatched dispatch(String jobId, String provider, String model, String prompt,
                                             ImageParams params, Instant deadline, Instant now) {
        JobRequested job = JobRequested.create(jobId, "tenant-a", null, Operation.TEXT_TO_IMAGE, prompt, params,
                deadline, now);
        return new AttemptDispatched(GenpipeEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), jobId, now, 1,
                provider, model, "test", deadline, job, List.of(), null, List.of(), null, null);
    }

    public static AttemptDispatched falDispatch(String jobId, Instant deadline, Instant now) {
        return dispatch(jobId, "fal", "fal-ai/flux/schnell", "a red bicycle in the rain",
                new ImageParams(1024, 768, 2, 42L, null), deadline, now);
    }
}
