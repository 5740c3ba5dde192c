package io.genpipe.worker.ratelimit;

import io.genpipe.contracts.catalog.CatalogProvider;
import io.genpipe.worker.adapter.VendorAdapter;
import io.genpipe.worker.health.LimitHeadroom;
import io.genpipe.worker.provider.ServedProvider;
import io.genpipe.worker.provider.ServedProviders;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The vendor accounts' limits, as the catalog states them ({@code genpipe.catalog.providers.<name>.limits}:
 * {@code concurrency}, {@code requests-per-minute}), held across every instance of a provider's worker group: each
 * instance keeps to the part of them that matches the part of the provider's dispatch partitions it owns. A
 * provider without limits in the catalog is not limited here; the vendor's own 429s are then what holds it back.
 */
public final class AccountLimits implements LimitHeadroom {

    private static final Logger log = LoggerFactory.getLogger(AccountLimits.class);

    private final Map<String, Limited> byProvider = new LinkedHashMap<>();
    private final RateLimitMeters meters;

    public AccountLimits(ServedProviders providers, ScheduledExecutorService scheduler, MeterRegistry registry) {
        this(providers, scheduler, registry, System::nanoTime);
    }

    AccountLimits(ServedProviders providers, ScheduledExecutorService scheduler, MeterRegistry registry,
                  LongSupplier nanoTime) {
        this.meters = new RateLimitMeters(registry);
        for (ServedProvider provider : providers.all()) {
            CatalogProvider.Limits limits = provider.catalog().limits();
            CallGate gate = new CallGate(limits.concurrency(), limits.requestsPerMinute(), scheduler, nanoTime);
            if (!gate.limited()) {
                continue;
            }
            PartitionShare share = new PartitionShare(fraction -> {
                gate.share(fraction);
                log.info("provider {}: this instance keeps to {}% of the account's limits ({})", provider.name(),
                        Math.round(fraction * 1000) / 10.0, describe(limits));
            });
            byProvider.put(provider.name(), new Limited(gate, share));
            Gauge.builder("genpipe.worker.rate-limit.share", share, PartitionShare::fraction)
                    .description("the part of the provider account's limits this instance keeps to")
                    .tag("provider", provider.name()).register(registry);
            Gauge.builder("genpipe.worker.rate-limit.headroom", gate, CallGate::headroom)
                    .description("vendor calls that could start now within this instance's part of the limits")
                    .tag("provider", provider.name()).register(registry);
            Gauge.builder("genpipe.worker.rate-limit.waiting", gate, CallGate::waiting)
                    .description("vendor calls waiting for a turn within the limits")
                    .tag("provider", provider.name()).register(registry);
        }
    }

    /** {@code adapter} kept within the provider's limits; as it is when the catalog gives none. */
    public VendorAdapter decorate(ServedProvider provider, VendorAdapter adapter) {
        Limited limited = byProvider.get(provider.name());
        return limited == null ? adapter : new RateLimitedAdapter(provider.name(), adapter, limited.gate(), meters);
    }

    /** Dispatch partitions of the provider assigned to this instance, of {@code partitionCount}. */
    public void assigned(String provider, Collection<Integer> partitions, int partitionCount) {
        Limited limited = byProvider.get(provider);
        if (limited != null) {
            limited.share().assigned(partitions, partitionCount);
        }
    }

    public void revoked(String provider, Collection<Integer> partitions) {
        Limited limited = byProvider.get(provider);
        if (limited != null) {
            limited.share().revoked(partitions);
        }
    }

    /** Told {@code true} while the provider's calls wait for a turn, so its consumers pause; never for no limits. */
    public void onBacklog(String provider, Consumer<Boolean> listener) {
        Limited limited = byProvider.get(provider);
        if (limited != null) {
            limited.gate().onBacklog(listener);
        }
    }

    /** Calls that could start now for the provider; empty when the catalog gives it no limits (not unlimited). */
    @Override
    public OptionalInt headroom(String provider) {
        Limited limited = byProvider.get(provider);
        return limited == null ? OptionalInt.empty() : OptionalInt.of(limited.gate().headroom());
    }

    private static String describe(CatalogProvider.Limits limits) {
        StringBuilder text = new StringBuilder();
        if (limits.concurrency() != null) {
            text.append("concurrency ").append(limits.concurrency());
        }
        if (limits.requestsPerMinute() != null) {
            text.append(text.isEmpty() ? "" : ", ").append(limits.requestsPerMinute()).append(" requests/min");
        }
        return text.toString();
    }

    private record Limited(CallGate gate, PartitionShare share) {
    }
}
