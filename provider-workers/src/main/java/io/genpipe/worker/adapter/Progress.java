package io.genpipe.worker.adapter;

/**
 * Where a long-running vendor call (a training) says how it is getting on, each time it polls. The worker publishes
 * what changed to {@code genpipe.progress.v1}; reporting never blocks nor fails the call.
 */
@FunctionalInterface
public interface Progress {

    /** For calls nobody follows. */
    Progress NONE = (status, percent, message) -> { };

    /**
     * @param status  the vendor's state, as it names it ({@code IN_PROGRESS}, {@code processing})
     * @param percent 0 to 100 when the vendor tells how far along it is; null otherwise
     * @param message a short line from the vendor, such as its last log line; null when none. Never the prompt.
     */
    void report(String status, Integer percent, String message);
}
