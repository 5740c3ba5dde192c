package io.genpipe.worker.adapter.google;

import io.genpipe.worker.adapter.Billing;
import io.genpipe.worker.adapter.VendorAdapter;
import io.genpipe.worker.adapter.VendorAdapterFactory;
import io.genpipe.worker.adapter.VendorHttp;
import io.genpipe.worker.image.ImageStore;
import io.genpipe.worker.provider.ServedProvider;
import org.springframework.stereotype.Component;

import java.time.Clock;

/** Serves the catalog's {@code adapter: google} providers: the Gemini API's image models. */
@Component
final class GoogleAdapterFactory implements VendorAdapterFactory {

    static final String TYPE = "google";

    private final VendorHttp http;
    private final ImageStore images;
    private final Billing billing;
    private final Clock clock;

    GoogleAdapterFactory(VendorHttp http, ImageStore images, Billing billing, Clock clock) {
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
        return new GoogleAdapter(provider.name(), provider.catalog().baseUrl(), provider.apiKey(), billing, http,
                images, clock);
    }
}
