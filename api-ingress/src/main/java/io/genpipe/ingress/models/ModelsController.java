package io.genpipe.ingress.models;

import io.genpipe.catalog.CatalogProperties;
import io.genpipe.catalog.LiveCatalog;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.json.MessageFormatException;
import io.genpipe.ingress.health.LiveHealth;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.stream.Collectors;

/** {@code GET /v1/models}: every model of the catalog, with prices, limits, lifecycle and live availability. */
@RestController
class ModelsController {

    private final LiveCatalog catalog;
    private final Duration shutdownWarning;
    private final LiveHealth health;
    private final Clock clock;

    ModelsController(LiveCatalog catalog, CatalogProperties catalogProperties, LiveHealth health, Clock clock) {
        this.catalog = catalog;
        this.shutdownWarning = catalogProperties.shutdownWarning();
        this.health = health;
        this.clock = clock;
    }

    /**
     * @param operation only models that do this operation ({@code text-to-image})
     * @param available {@code true}: only models a job can get now; {@code false}: only the others
     */
    @GetMapping(path = "/v1/models", produces = MediaType.APPLICATION_JSON_VALUE)
    ModelList models(@RequestParam(name = "operation", required = false) String operation,
                     @RequestParam(name = "available", required = false) String available) {
        ModelFilter filter = new ModelFilter(operation == null ? null : operation(operation),
                available == null ? null : flag(available));
        return new ModelListing(catalog.current(), shutdownWarning)
                .list(filter, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), health.read());
    }

    /** Refused in the API's words (400, {@code field: operation}), as a body's bad operation is. */
    private static Operation operation(String name) {
        return Operation.fromWireName(name).orElseThrow(() -> MessageFormatException.invalid("operation",
                "unknown operation '" + name + "'; known: " + Arrays.stream(Operation.values())
                        .map(Operation::wireName).collect(Collectors.joining(", "))));
    }

    private static boolean flag(String value) {
        if (!"true".equals(value) && !"false".equals(value)) {
            throw MessageFormatException.invalid("available", "must be true or false, was '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }
}
