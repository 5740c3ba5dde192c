package io.genpipe.contracts;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.GenpipeEvent;
import io.genpipe.contracts.event.HealthState;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.ImageRef;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.ProviderHealth;

import java.time.Instant;
import java.util.List;

/** Events as the pipeline makes them, for tests that need realistic ones. */
public final class EventFixtures {

    public static final Instant NOW = Instant.parse("2026-11-22T10:15:30Z");

    private EventFixtures() {
    }

    public static JobRequested portraitJob() {
        return JobRequested.create("portrait-0001", "studio-north", "portraits", Operation.TEXT_TO_IMAGE,
                "Studio portrait of an elderly fisherman", new ImageParams(1024, 768, 2, 42L, "blur"), null, NOW);
    }

    public static AttemptDispatched firstAttempt() {
        JobRequested job = portraitJob();
        return new AttemptDispatched(GenpipeEvent.SCHEMA_VERSION, "dispatch-1", job.jobId(), NOW, 1, "fal",
                "fal-ai/flux/schnell", "priority 1 of 2", NOW.plusSeconds(300), job, List.of(), null, List.of(), null, null);
    }

    public static ImageRef image() {
        return new ImageRef("https://v3.fal.media/files/x.png", 1024, 768, "image/png");
    }

    public static ProviderHealth health(HealthState state) {
        return new ProviderHealth(GenpipeEvent.SCHEMA_VERSION, "health-1", NOW, "fal", "worker-1", state,
                "test", NOW.plusSeconds(15));
    }
}
