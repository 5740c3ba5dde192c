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

    public static void main(String[] args) throws Exception {
        PipelineStack.prepareJvm();
        BenchArgs options = BenchArgs.parse(args, Set.of("runs", "jobs", "warmup-jobs", "concurrency", "latency-ms",
                "attempt-timeout-ms"), Set.of(), USAGE);
        int runs = options.integer("runs", 3);
        int jobs = options.integer("jobs", 200);
        int warmup = options.integer("warmup-jobs", 40);
        int concurrency = options.integer("concurrency", 20);
        Duration latency = Duration.ofMillis(options.integer("latency-ms", 200));
        Duration attemptTimeout = Duration.ofMillis(options.integer("attempt-timeout-ms", 2000));
        PrintStream out = System.out;
        Map<String, String> properties = new HashMap<>(options.properties());
        properties.put("genpipe.workers.providers.fal.attempt-timeout", attemptTimeout.toMillis() + "ms");
        properties.put("genpipe.workers.providers.openai.attempt-timeout", attemptTimeout.toMillis() + "ms");
        properties.putIfAbsent("genpipe.ingress.limits.jobs-per-minute", "1000000");
        // The catalog's expected latencies as the simulator's: a call may run three times its model's p95 (LongCalls),
        // and fal's catalog p95 of 4 s would otherwise stretch the attempt timeout to 12 s; the first status poll comes
        // from the p50 too.
        properties.putIfAbsent(FAL_MODEL + ".latency-p50", latency.toMillis() + "ms");
        properties.putIfAbsent(FAL_MODEL + ".latency-p95", latency.multipliedBy(2).toMillis() + "ms");
        out.printf("failover: %d runs · %d jobs per phase (%d warm-up) · %d at a time · vendors at %d ms · attempt"
                + " timeout %d ms%n", runs, jobs, warmup, concurrency, latency.toMillis(), attemptTimeout.toMillis());
        List<FailoverFigures> figures = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            try (PipelineStack stack = PipelineStack.start(properties, out)) {
                stack.vendorLatency(latency);
                phase(stack.client(), "warm-" + run, warmup, concurrency);
                Phase healthy = phase(stack.client(), "healthy-" + run, jobs, concurrency);
                long falBefore = stack.simulator().requestCount(Vendor.FAL);
                Instant outage = Instant.now();
                stack.simulator().profile(Vendor.FAL, PipelineStack.fixedLatency(HANG));
                Phase hung = phase(stack.client(), "hung-" + run, jobs, concurrency);
                long falCalls = stack.simulator().requestCount(Vendor.FAL) - falBefore;
                FailoverFigures measured = FailoverFigures.of(healthy.records(), hung.records(), hung.views(),
                        falCalls, outage);
                figures.add(measured);
                out.println("  run " + run + ": " + measured);
            }
        }
        FailoverFigures.report(figures, out);
        System.exit(0);
    }

    /** Jobs submitted one per client and followed to their outcome, {@code concurrency} clients at once. */
    private static Phase phase(PipelineClient client, String name, int jobs, int concurrency) throws Exception {
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
        } finally {
            clients.shutdownNow();
        }
        return new Phase(List.copyOf(records), List.copyOf(views));
    }

    private static JsonNode finished(PipelineClient client, String jobId) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            // The sink answers at once once the job has ended, else after the wait: no poll loop of our own.
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
