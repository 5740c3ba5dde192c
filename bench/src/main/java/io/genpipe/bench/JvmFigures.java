package io.genpipe.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;

/**
 * What the whole process (broker, PostgreSQL client side, simulator, four services, the bench itself) holds. The
 * heap is measured after an explicit full GC, so it is the live set, not garbage waiting for collection.
 */
record JvmFigures(long heapUsedAfterGcBytes, long heapMaxBytes, int threads, int peakThreads, int processors) {

    /** Call before the measured run, so the peak is the run's. */
    static void resetPeaks() {
        ManagementFactory.getThreadMXBean().resetPeakThreadCount();
    }

    static JvmFigures measure() {
        // The one way to ask the JVM for its live set; the bench is idle here, so a pause costs nothing measured.
        System.gc();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return new JvmFigures(heap.getUsed(), heap.getMax(), threads.getThreadCount(), threads.getPeakThreadCount(),
                Runtime.getRuntime().availableProcessors());
    }
}
