package io.genpipe.router.streams;

import io.genpipe.router.budget.BudgetSettings;
import io.genpipe.router.budget.Ledger;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each budgeted tenant's ledger as this instance last kept it: {@code genpipe.router.budget.spent} and
 * {@code .reserved} (USD, per tenant and period: day or month), and {@code genpipe.router.budget.denied} (dispatches
 * not sent). A tenant's ledger lives in one task of one instance, so only that instance reports it.
 */
class BudgetMeters {

    private final MeterRegistry registry;
    private final Map<String, Ledger> latest = new ConcurrentHashMap<>();

    BudgetMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(BudgetSettings.Period period, Ledger ledger) {
        String tenant = ledger.tenant();
        String periodTag = period.name().toLowerCase(Locale.ROOT);
        String key = tenant + "/" + periodTag;
        if (latest.put(key, ledger) == null) {
            Gauge.builder("genpipe.router.budget.spent", latest, all -> all.get(key).settledUsd().doubleValue())
                    .tag("tenant", tenant).tag("period", periodTag).baseUnit("usd").register(registry);
            Gauge.builder("genpipe.router.budget.reserved", latest, all -> all.get(key).reservedUsd().doubleValue())
                    .tag("tenant", tenant).tag("period", periodTag).baseUnit("usd").register(registry);
        }
    }

    void denied(String tenant) {
        registry.counter("genpipe.router.budget.denied", "tenant", tenant).increment();
    }
}
