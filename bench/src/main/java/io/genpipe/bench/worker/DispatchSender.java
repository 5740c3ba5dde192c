package io.genpipe.bench.worker;

import io.genpipe.bench.router.JsonProducer;
import io.genpipe.bench.serde.SampleEvents;
import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.GenpipeEvent;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.topic.Topics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes {@code AttemptDispatched} records straight onto {@code genpipe.dispatch.<provider>.v1}, as the router would
 * (attempt 1, the catalog's model, one image, a deadline far away), all at once or at a fixed rate. Each dispatch's
 * {@code occurredAt} is its send time, and the sender remembers it per job for the latency figures.
 */
final class DispatchSender {

    /** Sizes each model takes as they are (the router would have fitted them), one image per job. */
    private static final Map<String, Dispatched> MODELS = Map.of(
            "openai", new Dispatched("gpt-image-2", new ImageParams(1024, 1024, 1, null, null)),
            "fal", new Dispatched("fal-ai/flux/schnell", new ImageParams(1024, 768, 1, 42L, null)));

    private record Dispatched(String model, ImageParams params) {
    }

    private final JsonProducer producer;
    private final String provider;
    private final Dispatched dispatched;
    private final Map<String, Instant> sentAt = new ConcurrentHashMap<>();

    DispatchSender(JsonProducer producer, String provider) {
        this.producer = producer;
        this.provider = provider;
        this.dispatched = MODELS.get(provider);
    }

    /** When the job's dispatch was sent, or null if it was not sent by this sender. */
    Instant sentAt(String jobId) {
        return sentAt.get(jobId);
    }

    /**
     * Sends {@code jobs} dispatches with job ids {@code prefix0 .. prefix(jobs-1)}: job {@code i} is due at start +
     * i / rate (a late send is followed by catching up), or at once when {@code rate} is 0. Returns once the broker
     * has acknowledged all of them.
     *
     * @return how long the sending took
     */
    Duration send(String prefix, int jobs, double rate) {
        long interval = rate > 0 ? Math.round(1e9 / rate) : 0;
        long start = System.nanoTime();
        for (int i = 0; i < jobs; i++) {
            long due = start + i * interval;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait); // may return early, hence the loop
            }
            String jobId = prefix + i;
            Instant now = Instant.now();
            sentAt.put(jobId, now);
            producer.send(Topics.dispatch(provider).name(), jobId, dispatch(jobId, now));
        }
        producer.flush();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private AttemptDispatched dispatch(String jobId, Instant now) {
        Instant deadline = now.plus(Duration.ofMinutes(30));
        JobRequested job = JobRequested.create(jobId, "bench", null, Operation.TEXT_TO_IMAGE, SampleEvents.PROMPT,
                dispatched.params(), deadline, now);
        return new AttemptDispatched(GenpipeEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), jobId, now, 1,
                provider, dispatched.model(), "worker bench", deadline, job, List.of(), dispatched.params(),
                List.of(), null, null);
    }
}
