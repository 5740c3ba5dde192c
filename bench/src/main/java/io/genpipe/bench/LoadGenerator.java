package io.genpipe.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Submits jobs as batches through the ingress, one request after the other: as fast as the ingress answers, or
 * paced to a target rate. Each answer is a 202 only once the broker has acknowledged every job of the batch, so
 * the submit rate is the rate at which jobs are durably accepted.
 */
final class LoadGenerator {

    private static final String TENANT = "bench";
    private static final String PROMPT = "A weathered lighthouse keeper in a yellow oilskin coat stands on wet basalt "
            + "rocks at dawn, storm clouds breaking over a green sea, cinematic rim light, 85mm lens, shallow depth of "
            + "field, muted film grain, variation ";

    /**
     * @param batches        batch id to its number of jobs, in submission order
     * @param startedAtNanos {@link System#nanoTime()} just before the first request
     * @param took           from the first request to the last 202
     */
    record Submission(Map<String, Integer> batches, long startedAtNanos, Duration took) {

        int jobs() {
            return batches.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** Job ids as the ingress names them: {@code <batchId>-<n>}, n from 1. */
        List<String> jobIds() {
            List<String> ids = new ArrayList<>(jobs());
            batches.forEach((batchId, size) -> IntStream.rangeClosed(1, size).forEach(n -> ids.add(batchId + "-" + n)));
            return ids;
        }
    }

    private final PipelineClient client;

    LoadGenerator(PipelineClient client) {
        this.client = client;
    }

    /**
     * @param runId      distinguishes this run's batches (e.g. warm-up and measured) within one database
     * @param jobsPerSecond pace of submission; 0 submits every batch as soon as the previous one is accepted
     */
    Submission submit(String runId, int jobs, int batchSize, double jobsPerSecond) {
        List<Integer> sizes = new ArrayList<>();
        for (int left = jobs; left > 0; left -= batchSize) {
            sizes.add(Math.min(batchSize, left));
        }
        Map<String, Integer> batches = new LinkedHashMap<>();
        long startedAt = System.nanoTime();
        if (jobsPerSecond <= 0) {
            sizes.forEach(size -> submitNext(runId, batches, size));
        } else {
            paced(runId, batches, sizes, (long) (batchSize / jobsPerSecond * 1e9));
        }
        return new Submission(batches, startedAt, Duration.ofNanos(System.nanoTime() - startedAt));
    }

    /** One batch per period, on a scheduler; a request slower than the period delays the next (never overlaps). */
    private void paced(String runId, Map<String, Integer> batches, List<Integer> sizes, long periodNanos) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "bench-pacer"));
        try {
            pacer.scheduleAtFixedRate(() -> {
                if (done.isDone()) {
                    return; // a tick that fired between the last batch and the shutdown
                }
                try {
                    submitNext(runId, batches, sizes.get(batches.size()));
                    if (batches.size() == sizes.size()) {
                        done.complete(null);
                    }
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            }, 0, periodNanos, TimeUnit.NANOSECONDS);
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while submitting", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("submission failed", e.getCause());
        } finally {
            pacer.shutdownNow();
        }
    }

    private void submitNext(String runId, Map<String, Integer> batches, int size) {
        String batchId = runId + "-b" + (batches.size() + 1);
        int first = batches.values().stream().mapToInt(Integer::intValue).sum();
        client.submitBatch(batchId, TENANT, IntStream.range(first, first + size).mapToObj(n -> PROMPT + n).toList());
        batches.put(batchId, size);
    }
}
