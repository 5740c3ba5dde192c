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
public record RunFigures(String variant, int run, int jobs, double jobsPerSecond, double sendSeconds,
                  LatencyRecorder.Percentiles latency, double meanVendorLatencyMs, int healthPeak,
                  WorkerSampler.Figures worker, CpuUse.Figures benchCpu, Map<String, Integer> outcomes,
                  int duplicates, long vendorRequests, int[] perSecond) {

    private static final double MIB = 1024 * 1024;

    /** Every job's first result was a success. */
    public boolean allSucceeded() {
        return outcomes.size() == 1 && outcomes.getOrDefault("succeeded", 0) == jobs;
    }

    /** The largest value of the worker's in-flight gauge, sampled every {@link WorkerSampler#PERIOD}. */
    public int peakInFlight() {
        return worker.peakInFlight();
    }

    /** The largest VmRSS sampled during the run, MiB. */
    public double peakRssMiB() {
        return worker.peakRss() / MIB;
    }

    /** The worker's VmHWM at the end of the run (the kernel's peak RSS since the JVM started), MiB. */
    public double hwmMiB() {
        return worker.hwm() / MIB;
    }

    /** The largest heap in use sampled from the worker's actuator, MiB. */
    public double peakHeapUsedMiB() {
        return worker.peakHeapUsed() / MIB;
    }

    /** The worker JVM's CPU over the run, in cores. */
    public double workerCores() {
        return worker.cores();
    }
}
