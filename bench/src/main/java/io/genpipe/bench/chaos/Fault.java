package io.genpipe.bench.chaos;

import java.time.Duration;
import java.util.Locale;

/**
 * What a chaos run breaks, once, while the load runs (issue 10's list). A service is killed with SIGKILL (no drain,
 * no commit, no tombstone) and started again after its down time; the broker and PostgreSQL are stopped and started
 * again on the same port and data.
 */
enum Fault {
    NONE(null, Duration.ZERO),
    ROUTER("router-worker", Duration.ofSeconds(5)),
    WORKER("provider-workers", Duration.ofSeconds(5)),
    SINK("results-sink", Duration.ofSeconds(5)),
    INGRESS("api-ingress", Duration.ofSeconds(5)),
    BROKER(null, Duration.ofSeconds(5)),
    POSTGRES(null, Duration.ofSeconds(30));

    /** The service's module, for the faults that kill one; {@code null} otherwise. */
    final String module;
    final Duration defaultDown;

    Fault(String module, Duration defaultDown) {
        this.module = module;
        this.defaultDown = defaultDown;
    }

    static Fault parse(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
