package io.genpipe.bench.failover;

import io.genpipe.bench.BenchArgs;
import io.genpipe.bench.JobRecord;
import io.genpipe.bench.PipelineClient;
import io.genpipe.bench.PipelineStack;
import io.genpipe.simulator.Vendor;
import tools.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue 10's failover figures: the same load twice in one stack, first with the primary (fal) healthy and then with it
 * hanging (its requests never finish), beside a healthy secondary (OpenAI) at the same latency. Clients submit one job
 * each and wait for its outcome, {@code --concurrency} of them at a time, under a worker attempt timeout of
 * {@code --attempt-timeout}. Each run starts a stack of its own, so breakers and health start fresh.
 *
 * <p>Per run: jobs/s (jobs ÷ first request to last outcome) and p50 job duration of both phases and their ratios; the
 * calls the hung primary received as a share of the jobs; and the time from the outage to the last dispatch the router
 * sent to it (from the jobs' attempts' {@code dispatchedAt}).
 */
public final class FailoverBench {

    private static final String USAGE = "FailoverBench [--runs=3] [--jobs=200] [--warmup-jobs=40] [--concurrency=20]"
            + " [--latency-ms=200] [--attempt-timeout-ms=2000] [--property=key=value ...]";
    private static final String TENANT = "bench-failover";
    private static final Duration HANG = Duration.ofMinutes(30);
    private static final Duration OUTCOME_WAIT = Duration.ofSeconds(20);
    private static final String FAL_MODEL = "genpipe.catalog.providers.fal.models[fal-ai/flux/schnell]";

    private FailoverBench() {
    }

    public static void main(String[] args) {
        PipelineStack.prepareJvm();
        BenchArgs options = BenchArgs.parse(args, Set.of("runs", "jobs", "warmup-jobs", "concurrency", "latency-ms",
                "attempt-timeout-ms"), Set.of(), USAGE);
        int runs = options.integer("runs", 3);
        Load load = new Load(options.integer("jobs", Load.ISSUE.jobs()),
                options.integer("warmup-jobs", Load.ISSUE.warmupJobs()),
                options.integer("concurrency", Load.ISSUE.concurrency()),
                Duration.ofMillis(options.integer("latency-ms", (int) Load.ISSUE.latency().toMillis())),
                Duration.ofMillis(options.integer("attempt-timeout-ms",
                        (int) Load.ISSUE.attemptTimeout().toMillis())));
        PrintStream out = System.out;
        out.printf("failover: %d runs · %s%n", runs, load);
        List<FailoverFigures> figures = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            FailoverFigures measured = measure(load, options.properties(), run, out);
            figures.add(measured);
            out.println("  run " + run + ": " + measured);
        }
        FailoverFigures.report(figures, out);
        System.exit(0);
    }

    /**
     * What one run puts through the stack, in each phase.
     *
     * @param jobs           measured jobs per phase
     * @param warmupJobs     jobs sent first with both vendors healthy, left out of every figure
     * @param concurrency    clients, each with one job at a time
     * @param latency        both vendors' fixed latency while healthy
     * @param attemptTimeout the workers' attempt timeout, both providers
     */
    public record Load(int jobs, int warmupJobs, int concurrency, Duration latency, Duration attemptTimeout) {

        /** Issue 10's definition: 200 jobs at concurrency 20, vendors at 200 ms, a 2 s attempt timeout. */
        public static final Load ISSUE = new Load(200, 40, 20, Duration.ofMillis(200), Duration.ofSeconds(2));

        public Load {
            if (jobs < 1 || warmupJobs < 0 || concurrency < 1 || latency.isNegative() || latency.isZero()
                    || attemptTimeout.isNegative() || attemptTimeout.isZero()) {
                throw new IllegalArgumentException("jobs, concurrency, latency and attempt timeout must be positive");
            }
        }

        /** The same load with other job counts: to try a command quickly, not to change what it measures. */
        public Load withJobs(int measured, int warmup) {
            return new Load(measured, warmup, concurrency, latency, attemptTimeout);
        }

        @Override
        public String toString() {
            return String.format("%d jobs per phase (%d warm-up) · %d at a time · vendors at %d ms · attempt timeout"
                    + " %d ms", jobs, warmupJobs, concurrency, latency.toMillis(), attemptTimeout.toMillis());
        }
    }

    /**
     * One run: a stack started for it, the warm-up, the phase with both vendors healthy, then the phase with fal
     * hanging; the stack is closed before this returns.
     *
     * @param serviceProperties added to every service's configuration; they take precedence over the run's settings
     *                          but for the attempt timeouts, which are the load's
     * @param run               numbers the run's job ids
     */
    public static FailoverFigures measure(Load load, Map<String, String> serviceProperties, int run,
                                          PrintStream out) {
        Map<String, String> properties = new HashMap<>(serviceProperties);
        properties.put("genpipe.workers.providers.fal.attempt-timeout", load.attemptTimeout().toMillis() + "ms");
        properties.put("genpipe.workers.providers.openai.attempt-timeout", load.attemptTimeout().toMillis() + "ms");
        properties.putIfAbsent("genpipe.ingress.limits.jobs-per-minute", "1000000");
        // The catalog's expected latencies as the simulator's: a call may run three times its model's p95 (LongCalls),
        // and fal's catalog p95 of 4 s would otherwise stretch the attempt timeout to 12 s; the first status poll comes
        // from the p50 too.
        properties.putIfAbsent(FAL_MODEL + ".latency-p50", load.latency().toMillis() + "ms");
        properties.putIfAbsent(FAL_MODEL + ".latency-p95", load.latency().multipliedBy(2).toMillis() + "ms");
        try (PipelineStack stack = PipelineStack.start(properties, out)) {
            stack.vendorLatency(load.latency());
            phase(stack.client(), "warm-" + run, load.warmupJobs(), load.concurrency());
            Phase healthy = phase(stack.client(), "healthy-" + run, load.jobs(), load.concurrency());
            long falBefore = stack.simulator().requestCount(Vendor.FAL);
            Instant outage = Instant.now();
            stack.simulator().profile(Vendor.FAL, PipelineStack.fixedLatency(HANG));
            Phase hung = phase(stack.client(), "hung-" + run, load.jobs(), load.concurrency());
            long falCalls = stack.simulator().requestCount(Vendor.FAL) - falBefore;
            return FailoverFigures.of(healthy.records(), hung.records(), hung.views(), falCalls, outage);
        }
    }

    /** Jobs submitted one per client and followed to their outcome, {@code concurrency} clients at once. */
    private static Phase phase(PipelineClient client, String name, int jobs, int concurrency) {
        AtomicInteger next = new AtomicInteger();
        List<JobRecord> records = Collections.synchronizedList(new ArrayList<>());
        List<JsonNode> views = Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < concurrency; c++) {
                running.add(clients.submit(() -> {
                    for (int i = next.getAndIncrement(); i < jobs; i = next.getAndIncrement()) {
                        String jobId = "failover-" + name + "-" + i;
                        client.submitJob(jobId, TENANT, "a lighthouse at dawn, " + i);
                        JsonNode job = finished(client, jobId);
                        views.add(job);
                        records.add(JobRecord.from(job));
                    }
                    return null;
                }));
            }
            for (Future<?> one : running) {
                one.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted in phase " + name, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("phase " + name + ": " + e.getCause(), e.getCause());
        } finally {
            clients.shutdownNow();
        }
        return new Phase(List.copyOf(records), List.copyOf(views));
    }

    private static JsonNode finished(PipelineClient client, String jobId) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            // The sink answers as soon as the job has ended, else when the wait is over (a job it has not recorded
            // yet is waited for too): no poll loop of our own.
            JsonNode job = client.awaitJob(jobId, OUTCOME_WAIT).orElse(null);
            String status = job == null ? "" : job.path("status").asString();
            if (status.equals("SUCCEEDED") || status.equals("FAILED")) {
                return job;
            }
        }
        throw new IllegalStateException("job " + jobId + " did not finish within 2 minutes");
    }

    /** One phase's jobs, as the sink reports them: the figures' records and the views their attempts come from. */
    record Phase(List<JobRecord> records, List<JsonNode> views) {
    }
}
