package io.genpipe.worker.provider;

import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.catalog.Lifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * At start, a warning for each served model that is shut down, or shuts down within the catalog's
 * {@code genpipe.catalog.shutdown-warning}: vendors retire models every few months, and an operator should hear of it
 * from the workers' log before the vendor refuses the calls.
 */
public final class LifecycleWarnings implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(LifecycleWarnings.class);

    private final ServedProviders providers;
    private final Duration warning;
    private final Clock clock;

    public LifecycleWarnings(ServedProviders providers, Duration warning, Clock clock) {
        this.providers = providers;
        this.warning = warning;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        warnings(providers, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), warning).forEach(log::warn);
    }

    /** One line per served model shut down on {@code today} (UTC) or within {@code warning} of it. */
    static List<String> warnings(ServedProviders providers, LocalDate today, Duration warning) {
        List<String> lines = new ArrayList<>();
        for (ServedProvider provider : providers.all()) {
            for (CatalogModel model : provider.catalog().models().values()) {
                Lifecycle lifecycle = model.lifecycle();
                String prefix = "provider " + provider.name() + ": model " + model.id();
                if (lifecycle.isShutDown(today)) {
                    lines.add(prefix + " was shut down on " + lifecycle.shutdownOn() + replacement(lifecycle)
                            + "; the router never dispatches it, and this worker refuses a dispatch of it");
                } else if (lifecycle.shutsDownWithin(today, warning.toDays())) {
                    long days = ChronoUnit.DAYS.between(today, lifecycle.shutdownOn());
                    lines.add(prefix + " shuts down on " + lifecycle.shutdownOn() + ", in " + days
                            + (days == 1 ? " day" : " days") + replacement(lifecycle)
                            + "; from then on the router stops dispatching it");
                }
            }
        }
        return lines;
    }

    private static String replacement(Lifecycle lifecycle) {
        return lifecycle.replacementModel().map(model -> " (replacement " + model + ")").orElse(" (no replacement named)");
    }
}
