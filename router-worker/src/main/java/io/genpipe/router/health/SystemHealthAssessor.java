package io.genpipe.router.health;

import io.genpipe.catalog.LiveCatalog;
import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.SystemHealthReported;
import io.genpipe.contracts.event.SystemHealthReported.Level;
import io.genpipe.contracts.event.SystemHealthReported.OperationHealth;
import io.genpipe.router.routing.Availability;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.genpipe.contracts.event.GenpipeEvent.SCHEMA_VERSION;

/**
 * Seed 000's health levels, from the catalog's routes and what can take work now ({@link Availability}: operator
 * settings, worker health, cooldowns): an operation with no provider available is CRITICAL (its jobs wait), one with
 * some provider unavailable is DEGRADED, and the system is the worst of its operations.
 */
class SystemHealthAssessor {

    private final LiveCatalog catalog;
    private final Availability availability;

    SystemHealthAssessor(LiveCatalog catalog, Availability availability) {
        this.catalog = catalog;
        this.availability = availability;
    }

    SystemHealthReported assess(String instance, Instant now, Duration validFor) {
        Catalog current = catalog.current();
        List<OperationHealth> operations = new ArrayList<>();
        for (Operation operation : current.routes().keySet()) {
            Set<String> available = new LinkedHashSet<>();
            Set<String> unavailable = new LinkedHashSet<>();
            for (Catalog.Entry entry : current.route(operation)) {
                String provider = entry.provider().name();
                Optional<Availability.Unavailable> why = availability.check(provider, entry.model().id(), now);
                if (why.isPresent()) {
                    unavailable.add(why.get().reason());
                } else {
                    available.add(provider);
                }
            }
            Level level = available.isEmpty() ? Level.CRITICAL : unavailable.isEmpty() ? Level.HEALTHY : Level.DEGRADED;
            operations.add(new OperationHealth(operation, level, List.copyOf(available), List.copyOf(unavailable)));
        }
        Level worst = operations.stream().map(OperationHealth::level).max(Comparator.naturalOrder())
                .orElse(Level.CRITICAL); // no route at all: nothing can be done
        return new SystemHealthReported(SCHEMA_VERSION, UUID.randomUUID().toString(), now, worst, operations,
                instance, now.plus(validFor));
    }
}
