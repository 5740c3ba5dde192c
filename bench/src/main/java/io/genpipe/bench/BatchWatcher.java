package io.genpipe.bench;

import tools.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Follows the sink's statistics of the submitted batches until every job of every batch has its outcome. Only
 * unfinished batches are asked for, twice a second: the figures come from the job records afterwards, so this
 * only has to notice the end, not time it.
 */
final class BatchWatcher {

    private static final Duration POLL_EVERY = Duration.ofMillis(500);
    private static final Duration PRINT_EVERY = Duration.ofSeconds(2);

    private final PipelineClient client;
    private final PrintStream out;

    BatchWatcher(PipelineClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    /** @return {@link System#nanoTime()} when the sink was first seen to have every job finished */
    long awaitComplete(LoadGenerator.Submission submission, Duration timeout) {
        Map<String, Integer> expected = submission.batches();
        Set<String> complete = new HashSet<>();
        Map<String, Integer> doneByBatch = new HashMap<>();
        long[] lastPrint = {System.nanoTime()};
        CompletableFuture<Long> finished = new CompletableFuture<>();
        ScheduledExecutorService poller =
                Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "bench-watcher"));
        try {
            poller.scheduleWithFixedDelay(() -> {
                try {
                    for (Map.Entry<String, Integer> batch : expected.entrySet()) {
                        if (complete.contains(batch.getKey())) {
                            continue;
                        }
                        Optional<JsonNode> stats = client.batch(batch.getKey());
                        int done = stats.map(s -> s.path("succeeded").asInt() + s.path("failed").asInt()).orElse(0);
                        doneByBatch.put(batch.getKey(), done);
                        // total counts only the jobs the sink has seen: complete means all of them, and all were seen.
                        if (stats.isPresent() && stats.get().path("complete").asBoolean()
                                && stats.get().path("total").asInt() == batch.getValue()) {
                            complete.add(batch.getKey());
                        }
                    }
                    long now = System.nanoTime();
                    if (complete.size() == expected.size()) {
                        finished.complete(now);
                    } else if (now - lastPrint[0] >= PRINT_EVERY.toNanos()) {
                        lastPrint[0] = now;
                        int done = doneByBatch.values().stream().mapToInt(Integer::intValue).sum();
                        out.printf("  %5.1f s  %d/%d jobs finished%n",
                                (now - submission.startedAtNanos()) / 1e9, done, submission.jobs());
                    }
                } catch (RuntimeException e) {
                    finished.completeExceptionally(e);
                }
            }, 0, POLL_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            return finished.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the run did not complete within " + timeout + ": "
                    + (expected.size() - complete.size()) + " of " + expected.size() + " batches unfinished");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the run", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not follow the batches", e.getCause());
        } finally {
            poller.shutdownNow();
        }
    }
}
