package io.genpipe.bench.worker;

import io.genpipe.bench.CpuUse;
import io.genpipe.bench.router.LatencyRecorder;

import java.util.Map;

/**
 * One measured run of one worker JVM.
 *
 * @param variant          the variant's name, e.g. {@code A max-in-flight=256}
 * @param jobsPerSecond    jobs ÷ (latest result's {@code occurredAt} − first dispatch sent)
 * @param sendSeconds      how long sending the dispatches took (the broker acknowledged all of them)
 * @param latency          per job, dispatch sent → its result read by the bench
 * @param healthPeak       the largest {@code inFlight} the worker's health reports carried during the run
 * @param worker           the worker JVM as the sampler saw it during the run (in flight, memory, CPU)
 * @param benchCpu         this JVM (broker, simulator, bench) and the whole machine, over the same run
 * @param outcomes         results by outcome, the first per job
 * @param vendorRequests   the simulator's count of generation calls (OpenAI) or submits (fal) during the run
 * @param perSecond        results read in each second from the first send
 */
record RunFigures(String variant, int run, int jobs, double jobsPerSecond, double sendSeconds,
                  LatencyRecorder.Percentiles latency, double meanVendorLatencyMs, int healthPeak,
                  WorkerSampler.Figures worker, CpuUse.Figures benchCpu, Map<String, Integer> outcomes,
                  int duplicates, long vendorRequests, int[] perSecond) {

    boolean allSucceeded() {
        return outcomes.size() == 1 && outcomes.getOrDefault("succeeded", 0) == jobs;
    }
}
