package io.genpipe.worker.adapter;

import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.catalog.Usage;
import io.genpipe.contracts.catalog.Usd;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a call cost, by the catalog's price of the dispatched model applied to what the vendor reported. When the
 * report does not cover the price (no token counts for a per-token price, a size the per-image table lacks), the
 * cost is unknown: {@code null} on the attempt, never zero. Each unknown cost is counted on
 * {@code genpipe.worker.cost.unknown} (tags {@code provider}, {@code model}) and warned about once per provider and
 * model, since it means the catalog's price needs fixing.
 */
public final class Billing {

    static final String UNKNOWN_COST = "genpipe.worker.cost.unknown";

    private static final Logger log = LoggerFactory.getLogger(Billing.class);

    private final MeterRegistry meters;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    public Billing(MeterRegistry meters) {
        this.meters = meters;
    }

    /** The cost of the call, or null when the model's price cannot be applied to {@code usage}. */
    public Usd bill(String provider, CatalogModel model, Usage usage) {
        Optional<Usd> cost = model.pricing().bill(usage);
        return cost.orElseGet(() -> unknown(provider, model, "the vendor's report does not cover its price ("
                + model.pricing().describe() + ")"));
    }

    /** The vendor's answer did not say enough to build a usage at all. Always null. */
    public Usd unknown(String provider, CatalogModel model, String why) {
        meters.counter(UNKNOWN_COST, "provider", provider, "model", model.id()).increment();
        if (warned.add(provider + "\n" + model.id())) {
            log.warn("provider {}, model {}: cost unknown, {}; its attempts are recorded without a cost (never as"
                    + " zero) and counted on {}", provider, model.id(), why, UNKNOWN_COST);
        }
        return null;
    }
}
