package io.genpipe.worker.adapter.stability;

import io.genpipe.worker.adapter.Billing;
import io.genpipe.worker.adapter.VendorAdapter;
import io.genpipe.worker.adapter.VendorAdapterFactory;
import io.genpipe.worker.adapter.VendorHttp;
import io.genpipe.worker.image.ImageStore;
import io.genpipe.worker.provider.ProviderSettings;
import io.genpipe.worker.provider.ServedProvider;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.time.Clock;

/** Serves the catalog's {@code adapter: stability} providers: Stability AI's v2beta Stable Image API. */
@Component
final class StabilityAdapterFactory implements VendorAdapterFactory {

    static final String TYPE = "stability";

    private final VendorHttp http;
    private final ImageStore images;
    private final Billing billing;
    private final Clock clock;
    private final Binder binder;

    StabilityAdapterFactory(VendorHttp http, ImageStore images, Billing billing, Clock clock, Environment environment) {
        this.http = http;
        this.images = images;
        this.billing = billing;
        this.clock = clock;
        this.binder = Binder.get(environment);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public VendorAdapter create(ServedProvider provider) {
        StabilityOptions options = binder.bindOrCreate(ProviderSettings.optionsPrefix(provider.name()),
                Bindable.of(StabilityOptions.class));
        return new StabilityAdapter(provider.name(), provider.catalog().baseUrl(), provider.apiKey(), options, billing,
                http, images, clock);
    }
}
