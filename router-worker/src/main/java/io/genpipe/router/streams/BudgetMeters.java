package io.genpipe.router.streams;

import io.genpipe.router.budget.Ledger;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each budgeted tenant's ledger as this instance last kept it: {@code genpipe.router.budget.spent} and
 * {@code .reserved} (USD, per tenant, for the period in force), and {@code genpipe.router.budget.denied} (dispatches
 * not sent). A tenant's ledger lives in one task of one instance, so only that instance reports it.
 */
class BudgetMeters {

    private final MeterRegistry registry;
    private final Map<String, Ledger> latest = new ConcurrentHashMap<>();

    BudgetMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(Ledger ledger) {
        if (latest.put(ledger.tenant(), ledger) == null) {
            String tenant = ledger.tenant();
            Gauge.builder("genpipe.router.budget.spent", latest, all -> all.get(tenant).settledUsd().doubleValue())
                    .tag("tenant", tenant).baseUnit("usd").register(registry);
            Gauge.builder("genpipe.router.budget.reserved", latest, all -> all.get(tenant).reservedUsd().doubleValue())
                    .tag("tenant", tenant).baseUnit("usd").register(registry);
        }
    }

    void denied(String tenant) {
        registry.counter("genpipe.router.budget.denied", "tenant", tenant).increment();
    }
}
