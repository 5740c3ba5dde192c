package io.genpipe.worker.adapter;

import io.genpipe.worker.adapter.fal.FalAdapter;
import io.genpipe.worker.adapter.fal.FalPricing;
import io.genpipe.worker.adapter.openai.OpenAiAdapter;
import io.genpipe.worker.adapter.openai.OpenAiPricing;
import io.genpipe.worker.image.ImageStore;
import io.genpipe.worker.provider.ProviderSettings;
import io.genpipe.worker.provider.ServedProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ScheduledExecutorService;

/** Builds the adapter a provider's settings name. Adapters share one HTTP client, one pool and one scheduler. */
public final class VendorAdapters {

    private static final Logger log = LoggerFactory.getLogger(VendorAdapters.class);

    private final VendorHttp http;
    private final ScheduledExecutorService scheduler;
    private final ImageStore images;

    public VendorAdapters(VendorHttp http, ScheduledExecutorService scheduler, ImageStore images) {
        this.http = http;
        this.scheduler = scheduler;
        this.images = images;
    }

    public VendorAdapter create(ServedProvider provider) {
        ProviderSettings settings = provider.settings();
        if (provider.apiKey().isPresent()) {
            log.info("provider {}: {} API at {}, key from {}", provider.name(), settings.adapter(), settings.baseUrl(),
                    provider.apiKey().variable());
        } else {
            log.warn("provider {}: no API key in {}; its attempts fail RETRYABLE (and its breaker opens) until the key "
                    + "is set and the worker restarts", provider.name(), provider.apiKey().variable());
        }
        return switch (settings.adapter()) {
            case FAL -> new FalAdapter(settings.baseUrl(), provider.apiKey(),
                    new FalPricing(settings.megapixelPrices()), settings.pollInterval(), http, scheduler);
            case OPENAI -> new OpenAiAdapter(settings.baseUrl(), provider.apiKey(),
                    new OpenAiPricing(settings.tokenPrices()), settings.quality(), http, images);
        };
    }
}
