package io.genpipe.ingress.health;

import io.genpipe.catalog.LiveCatalog;
import io.genpipe.contracts.event.ProviderHealth;
import io.genpipe.contracts.event.SystemHealthReported;
import io.genpipe.messaging.health.ProviderHealthView;
import io.genpipe.messaging.health.ProviderHealthView.ProviderStatus;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code GET /v1/providers/health[?provider=fal][&detailed=true]} (seeds 000, 001 and 003): the system level and
 * every catalog provider's health, from the router's and the workers' reports on their compacted topics. Every
 * instance of the ingress answers the same, with no call to any other service.
 */
@RestController
class ProvidersHealthController {

    private final LiveCatalog catalog;
    private final ProviderHealthView providers;
    private final SystemHealthView system;
    private final Clock clock;

    ProvidersHealthController(LiveCatalog catalog, ProviderHealthView providers, SystemHealthView system,
                              Clock clock) {
        this.catalog = catalog;
        this.providers = providers;
        this.system = system;
        this.clock = clock;
    }

    @GetMapping(path = "/v1/providers/health", produces = MediaType.APPLICATION_JSON_VALUE)
    ProvidersHealth health(@RequestParam(required = false) String provider,
                           @RequestParam(defaultValue = "false") boolean detailed) {
        Instant now = clock.instant();
        List<String> names = provider == null || provider.isBlank()
                ? catalog.current().providers().keySet().stream().sorted().toList()
                : List.of(known(provider));
        List<ProvidersHealth.Provider> rows = names.stream().map(name -> provider(name, now, detailed)).toList();
        Optional<SystemHealthReported> level = system.current(now);
        return level.map(report -> new ProvidersHealth(report.level().name(), null, report.occurredAt(), now,
                        report.operations(), rows))
                .orElseGet(() -> new ProvidersHealth("UNKNOWN", "no router has reported the system's health lately",
                        null, now, List.of(), rows));
    }

    private String known(String provider) {
        if (catalog.current().provider(provider).isEmpty()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                    "No provider '" + provider + "' in the catalog; known: "
                            + String.join(", ", catalog.current().providers().keySet().stream().sorted().toList()));
            problem.setTitle("Unknown provider");
            problem.setProperty("field", "provider");
            throw new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
        }
        return provider;
    }

    private ProvidersHealth.Provider provider(String name, Instant now, boolean detailed) {
        ProviderStatus status = providers.status(name, now);
        List<ProviderHealth> live = providers.liveReports(name, now);
        ProviderHealth lastFailing = live.stream().filter(report -> report.lastFailureAt() != null)
                .max(Comparator.comparing(ProviderHealth::lastFailureAt)).orElse(null);
        return new ProvidersHealth.Provider(name, status.status().name(), status.reason(), status.liveInstances(),
                max(live, ProviderHealth::consecutiveFailures), max(live, ProviderHealth::failureRate),
                max(live, ProviderHealth::latencyP50Ms), max(live, ProviderHealth::latencyP95Ms),
                max(live, ProviderHealth::lastSuccessAt), max(live, ProviderHealth::lastFailureAt),
                live.stream().map(ProviderHealth::cooldownUntil).filter(Objects::nonNull).min(Comparator.naturalOrder())
                        .orElse(null),
                live.stream().map(ProviderHealth::inFlight).filter(Objects::nonNull).reduce(Integer::sum).orElse(null),
                lastFailing == null ? null : lastFailing.failureClass(),
                detailed ? live.stream().sorted(Comparator.comparing(ProviderHealth::instance)).map(this::worker).toList()
                        : null);
    }

    private ProvidersHealth.Worker worker(ProviderHealth report) {
        return new ProvidersHealth.Worker(report.instance(), report.state(), report.reason(), report.occurredAt(),
                report.validUntil(), report.inFlight(), report.headroom(), report.consecutiveFailures(),
                report.failureRate(), report.latencyP50Ms(), report.latencyP95Ms(), report.lastSuccessAt(),
                report.lastFailureAt(), report.cooldownUntil(), report.failureClass());
    }

    /** The largest value any live report gives; null when none gives one (unknown, not zero). */
    private static <T extends Comparable<? super T>> T max(List<ProviderHealth> reports,
                                                           Function<ProviderHealth, T> figure) {
        return reports.stream().map(figure).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
    }
}
