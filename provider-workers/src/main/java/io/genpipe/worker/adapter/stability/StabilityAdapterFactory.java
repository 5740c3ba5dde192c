package io.genpipe.worker.adapter.stability;

import io.genpipe.worker.adapter.Billing;
import io.genpipe.worker.adapter.VendorAdapter;
import io.genpipe.worker.adapter.VendorAdapterFactory;
import io.genpipe.worker.adapter.VendorHttp;
import io.genpipe.worker.image.ImageStore;
import io.genpipe.worker.provider.ServedProvider;
import org.springframework.stereotype.Component;

import java.time.Clock;

/** Serves the catalog's {@code adapter: stability} providers: Stability AI's v2beta Stable Image API. No options. */
@Component
final class StabilityAdapterFactory implements VendorAdapterFactory {

    static final String TYPE = "stability";

    private final VendorHttp http;
    private final ImageStore images;
    private final Billing billing;
    private final Clock clock;

    StabilityAdapterFactory(VendorHttp http, ImageStore images, Billing billing, Clock clock) {
        this.http = http;
        this.images = images;
        this.billing = billing;
        this.clock = clock;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public VendorAdapter create(ServedProvider provider) {
        return new StabilityAdapter(provider.name(), provider.catalog().baseUrl(), provider.apiKey(), billing, http,
                images, clock);
    }
}
