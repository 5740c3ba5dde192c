package io.genpipe.bench.worker;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Watches the worker JVM from outside every {@link #PERIOD}: its memory, threads and open file descriptors from
 * {@code /proc/<pid>}, and from its actuator the calls in flight ({@code genpipe.worker.calls.in-flight}) and the
 * heap in use. It keeps the peaks of the window started by {@link #startWindow()}; CPU is the process's user and
 * system time over that window. Each sample costs the worker two small actuator requests.
 */
final class WorkerSampler implements AutoCloseable {

    static final Duration PERIOD = Duration.ofMillis(200);
    private static final int THREAD_GROUPS_SHOWN = 8;
    /** The kernel's USER_HZ: /proc counts CPU time in these. 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100;

    private final WorkerProcess worker;
    private final String provider;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "worker-bench-sampler");
        thread.setDaemon(true);
        return thread;
    });

    private long windowStartNanos;
    private long windowStartTicks;
    private Map<String, Long> windowStartThreads = Map.of();
    private Peaks peaks = new Peaks();

    /** The window's figures. Sizes in bytes; -1 where no sample could read it. */
    record Figures(int peakInFlight, long peakRss, long peakHeapUsed, long peakHeapCommitted, int peakThreads,
                   int peakOpenFiles, double cores, long hwm, int samples, int actuatorFailures,
                   Map<String, Long> cpuMillisByThreads) {
    }

    private static final class Peaks {
        int inFlight = -1;
        long rss = -1;
        long heapUsed = -1;
        long heapCommitted = -1;
        int threads = -1;
        int openFiles = -1;
        int samples;
        int actuatorFailures;
    }

    WorkerSampler(WorkerProcess worker, String provider) {
        this.worker = worker;
        this.provider = provider;
        scheduler.scheduleWithFixedDelay(this::sample, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The calls in flight now, from the actuator; -1 when it does not answer. */
    int inFlightNow() {
        double value = metric("genpipe.worker.calls.in-flight?tag=provider:" + provider);
        return Double.isNaN(value) ? -1 : (int) value;
    }

    synchronized void startWindow() {
        windowStartNanos = System.nanoTime();
        windowStartTicks = cpuTicks();
        windowStartThreads = threadTicks();
        peaks = new Peaks();
    }

    synchronized Figures stopWindow() {
        double seconds = (System.nanoTime() - windowStartNanos) / 1e9;
        double cores = (cpuTicks() - windowStartTicks) / TICKS_PER_SECOND / seconds;
        Map<String, Long> byThreads = new LinkedHashMap<>();
        Map<String, Long> start = windowStartThreads;
        threadTicks().entrySet().stream()
                .map(entry -> Map.entry(entry.getKey(), entry.getValue() - start.getOrDefault(entry.getKey(), 0L)))
                .filter(entry -> entry.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(THREAD_GROUPS_SHOWN)
                .forEach(entry -> byThreads.put(entry.getKey(),
                        Math.round(entry.getValue() * 1000 / TICKS_PER_SECOND)));
        return new Figures(peaks.inFlight, peaks.rss, peaks.heapUsed, peaks.heapCommitted, peaks.threads,
                peaks.openFiles, cores, status("VmHWM:") * 1024, peaks.samples, peaks.actuatorFailures, byThreads);
    }

    private void sample() {
        if (!worker.alive()) {
            return;
        }
        long rss = status("VmRSS:") * 1024;
        int threads = (int) status("Threads:");
        int openFiles = openFiles();
        double inFlight = metric("genpipe.worker.calls.in-flight?tag=provider:" + provider);
        double heapUsed = metric("jvm.memory.used?tag=area:heap");
        double heapCommitted = metric("jvm.memory.committed?tag=area:heap");
        synchronized (this) {
            peaks.samples++;
            peaks.rss = Math.max(peaks.rss, rss);
            peaks.threads = Math.max(peaks.threads, threads);
            peaks.openFiles = Math.max(peaks.openFiles, openFiles);
            if (Double.isNaN(inFlight) || Double.isNaN(heapUsed)) {
                peaks.actuatorFailures++;
            } else {
                peaks.inFlight = Math.max(peaks.inFlight, (int) inFlight);
                peaks.heapUsed = Math.max(peaks.heapUsed, (long) heapUsed);
                peaks.heapCommitted = Math.max(peaks.heapCommitted, (long) heapCommitted);
            }
        }
    }

    /** A field of {@code /proc/<pid>/status} as a number (kB for the Vm* ones); -1 when unreadable. */
    private long status(String field) {
        try (Stream<String> lines = Files.lines(proc("status"))) {
            return lines.filter(line -> line.startsWith(field)).findFirst()
                    .map(line -> Long.parseLong(line.substring(field.length()).strip().split("\\s+")[0]))
                    .orElse(-1L);
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            return -1;
        }
    }

    /** utime + stime from {@code /proc/<pid>/stat}: fields 14 and 15, counted after the command's parenthesis. */
    private long cpuTicks() {
        try {
            String stat = Files.readString(proc("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * CPU ticks of the worker's threads, summed by name with the digits taken out ({@code vendor-http-3} counts as
     * {@code vendor-http-N}); the kernel keeps the first 15 characters of a thread's name. Threads that ended in
     * the window are not counted.
     */
    private Map<String, Long> threadTicks() {
        Map<String, Long> byGroup = new HashMap<>();
        try (Stream<Path> tasks = Files.list(proc("task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    byGroup.merge(name.replaceAll("\\d+", "N"),
                            Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
                } catch (IOException | RuntimeException ended) {
                    // the thread ended between the listing and the read
                }
            });
        } catch (IOException | UncheckedIOException e) {
            return Map.of();
        }
        return byGroup;
    }

    private int openFiles() {
        try (Stream<Path> files = Files.list(proc("fd"))) {
            return (int) files.count();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    private Path proc(String name) {
        return Path.of("/proc", Long.toString(worker.pid()), name);
    }

    /** The VALUE (or first) measurement of an actuator metric; NaN when it cannot be read. */
    private double metric(String nameAndTags) {
        URI uri = worker.actuator("metrics/" + nameAndTags);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Double.NaN;
            }
            for (JsonNode measurement : json.readTree(response.body()).path("measurements")) {
                return measurement.path("value").asDouble(Double.NaN);
            }
            return Double.NaN;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
