package io.genpipe.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * How busy the CPUs were during the measured run, as average cores in use: this JVM (broker, simulator, services,
 * bench) and the whole machine (adds PostgreSQL, which runs as its own processes, and anything else running).
 * A pipeline that is far from its cores is limited by waiting, not by computing.
 */
public final class CpuUse {

    private static final Path PROC_STAT = Path.of("/proc/stat");

    private final long startedNanos = System.nanoTime();
    private final long startProcessCpuNanos = processCpuNanos();
    private final long[] startMachine = machineTicks();

    /** @param machineCores -1 where {@code /proc/stat} cannot be read */
    public record Figures(double processCores, double machineCores) {
    }

    public Figures stop() {
        double wallNanos = System.nanoTime() - startedNanos;
        double process = (processCpuNanos() - startProcessCpuNanos) / wallNanos;
        long[] end = machineTicks();
        double machine = -1;
        if (startMachine != null && end != null && end[1] > startMachine[1]) {
            double busyShare = (double) (end[0] - startMachine[0]) / (end[1] - startMachine[1]);
            machine = busyShare * Runtime.getRuntime().availableProcessors();
        }
        return new Figures(process, machine);
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    /** @return {busy, total} jiffies of all CPUs since boot, or null off Linux */
    private static long[] machineTicks() {
        try {
            String cpu = Files.readAllLines(PROC_STAT).get(0);
            long[] fields = Arrays.stream(cpu.trim().split("\\s+")).skip(1).mapToLong(Long::parseLong).toArray();
            long total = Arrays.stream(fields).limit(8).sum();
            long idle = fields[3] + fields[4];
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
