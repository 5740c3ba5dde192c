package io.genpipe.bench.router;

import io.genpipe.bench.serde.SampleEvents;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.Operation;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends jobs at a fixed rate: job {@code i} is due at start + i / rate, so a late send (a GC pause, a busy core) is
 * followed by catching up rather than by a permanently lower rate. Each job's {@code occurredAt} is stamped just
 * before its send, which is what the readers measure against.
 */
final class PacedSender {

    private PacedSender() {
    }

    /** A job as the ingress would write it: a 200-character prompt, everything else the defaults. */
    static JobRequested job(String jobId, Instant now) {
        return JobRequested.create(jobId, null, null, Operation.TEXT_TO_IMAGE, SampleEvents.PROMPT,
                ImageParams.defaults(), null, now);
    }

    /** @return how many jobs were sent and how long the sending took */
    static Sending send(JsonProducer producer, String topic, String jobIdPrefix, double rate, Duration duration) {
        long interval = Math.round(1e9 / rate);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        int sent = 0;
        for (long due = start; due < end; due = start + sent * interval) {
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait); // may return early, hence the loop
            }
            String jobId = jobIdPrefix + sent;
            producer.send(topic, jobId, job(jobId, Instant.now()));
            sent++;
        }
        producer.flush();
        return new Sending(sent, Duration.ofNanos(System.nanoTime() - start));
    }

    record Sending(int jobs, Duration took) {
        double rate() {
            return jobs / (took.toNanos() / 1e9);
        }
    }
}
