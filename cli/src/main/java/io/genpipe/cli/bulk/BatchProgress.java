package io.genpipe.cli.bulk;

import io.genpipe.cli.api.ApiException;
import io.genpipe.cli.api.GenpipeApi;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import tools.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Follows submitted batches at the sink until every job has ended, with a progress bar of jobs ended and, beside it,
 * how many failed, how many still run and what they cost so far. The sink is asked once per {@code interval} for each
 * batch; a batch it has not recorded yet (a 404) counts as all running.
 */
final class BatchProgress {

    /** The batches together, as the sink last reported them. */
    record Totals(int jobs, int succeeded, int failed, BigDecimal knownCostUsd, long unknownCostAttempts,
                  long durationMsSum, int durationCount) {

        int ended() {
            return succeeded + failed;
        }

        int running() {
            return jobs - ended();
        }

        /** {@code $0.069}, or {@code at least $0.069} while some attempt's cost is unknown: never a guess. */
        String cost() {
            String known = "$" + knownCostUsd.stripTrailingZeros().toPlainString();
            return unknownCostAttempts == 0 ? known : "at least " + known + " (" + unknownCostAttempts
                    + " attempts of unknown cost)";
        }

        String line() {
            String average = durationCount == 0 ? "" : String.format(" · average %.1f s",
                    durationMsSum / (double) durationCount / 1000.0);
            return succeeded + "/" + jobs + " succeeded, " + failed + " failed · total " + cost() + average;
        }
    }

    private final GenpipeApi api;
    private final Duration interval;

    BatchProgress(GenpipeApi api, Duration interval) {
        this.api = api;
        this.interval = interval;
    }

    /** The totals once every job has ended, or as they stood when {@code timeout} ran out. */
    Totals follow(List<SubmittedBatch> batches, Duration timeout, PrintWriter out) throws InterruptedException {
        int jobs = batches.stream().mapToInt(b -> b.jobIds().size()).sum();
        long deadline = System.nanoTime() + timeout.toNanos();
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName("jobs").setInitialMax(jobs)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                .setConsumer(new DelegatingProgressBarConsumer(line -> {
                    out.print('\r');
                    out.print(line);
                    out.flush();
                }, 140));
        CompletableFuture<Totals> ended = new CompletableFuture<>();
        ScheduledExecutorService asking = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "genpipe-batch-progress");
            thread.setDaemon(true);
            return thread;
        });
        Totals totals;
        try (ProgressBar bar = builder.build()) {
            // The sink is asked once per interval on a scheduler; the command's thread waits for the end.
            asking.scheduleWithFixedDelay(() -> {
                try {
                    Totals now = poll(batches, jobs);
                    bar.stepTo(now.ended());
                    bar.setExtraMessage(" failed " + now.failed() + " · running " + now.running() + " · "
                            + now.cost());
                    if (now.running() == 0 || System.nanoTime() > deadline) {
                        ended.complete(now);
                    }
                } catch (RuntimeException e) {
                    ended.completeExceptionally(e);
                }
            }, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
            totals = ended.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        } finally {
            asking.shutdownNow();
        }
        out.println();
        return totals;
    }

    Totals poll(List<SubmittedBatch> batches, int jobs) {
        int succeeded = 0;
        int failed = 0;
        BigDecimal cost = BigDecimal.ZERO;
        long unknown = 0;
        long durationSum = 0;
        int durationCount = 0;
        for (SubmittedBatch batch : batches) {
            JsonNode stats;
            try {
                stats = api.get(batch.statusUrl());
            } catch (ApiException e) {
                if (e.status() == 404) {
                    continue; // none of its jobs recorded yet
                }
                throw e;
            }
            int batchSucceeded = stats.path("succeeded").asInt();
            int batchFailed = stats.path("failed").asInt();
            succeeded += batchSucceeded;
            failed += batchFailed;
            if (stats.path("totalCostUsd").isNumber()) {
                cost = cost.add(stats.path("totalCostUsd").decimalValue());
            }
            unknown += stats.path("unknownCostAttempts").asLong();
            if (stats.path("averageDurationMs").isNumber()) {
                durationSum += Math.round(stats.path("averageDurationMs").asDouble() * (batchSucceeded + batchFailed));
                durationCount += batchSucceeded + batchFailed;
            }
        }
        return new Totals(jobs, succeeded, failed, cost, unknown, durationSum, durationCount);
    }
}
