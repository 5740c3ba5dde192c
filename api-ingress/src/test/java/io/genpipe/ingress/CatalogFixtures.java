package io.genpipe.ingress;

import io.genpipe.catalog.CatalogFiles;
import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.ingress.health.LiveHealth.HealthReading;
import io.genpipe.messaging.health.ProviderHealthView.ProviderStatus;
import io.genpipe.messaging.health.ProviderHealthView.ProviderStatus.Status;

import java.time.LocalDate;
import java.util.Map;

/** Catalogs and provider health for unit tests: the local run's catalog, and small ones for what it lacks. */
public final class CatalogFixtures {

    /** The catalog shipped as the default, which the local run uses. */
    public static final Catalog DEFAULTS = CatalogFiles.defaults();

    /** The day after gpt-image-1-mini and gpt-image-1.5 shut down. */
    public static final LocalDate TODAY = LocalDate.parse("2026-12-02");

    public static final ProviderStatus UP = new ProviderStatus(Status.UP, "", 1);
    public static final ProviderStatus UNKNOWN = new ProviderStatus(Status.UNKNOWN, "no live worker reports on it", 0);

    private CatalogFixtures() {
    }

    public static ProviderStatus down(String reason) {
        return new ProviderStatus(Status.DOWN, reason, 1);
    }

    /** Providers not named are UNKNOWN, as the health view says of one no live worker reports on. */
    public static HealthReading health(Map<String, ProviderStatus> statuses) {
        return provider -> statuses.getOrDefault(provider, UNKNOWN);
    }

    /**
     * A catalog whose first routed model has a price that cannot estimate a call (credits per image unknown), a
     * second that can, and a third provider routed for nothing.
     */
    public static Catalog withAnUnknownPrice() {
        return CatalogFiles.fromYaml("""
                genpipe.catalog:
                  routes:
                    text-to-image:
                      - {provider: leo, model: phoenix}
                      - {provider: solo, model: m1}
                  providers:
                    leo:
                      adapter: leonardo
                      base-url: http://127.0.0.1:1/v1
                      api-key-env: LEO_KEY
                      models:
                        phoenix:
                          operations: [text-to-image]
                          sizes: {list: [1024x1024]}
                          latency-p50: 5s
                          quality: 70
                          pricing: {per-credit: {usd: 0.0012}}
                    solo:
                      adapter: openai
                      base-url: http://127.0.0.1:2/v1
                      api-key-env: SOLO_KEY
                      models:
                        m1:
                          operations: [text-to-image]
                          sizes: {list: [1024x1024]}
                          latency-p50: 1s
                          quality: 50
                          pricing: {per-image: {any: 0.04}}
                """);
    }
}
