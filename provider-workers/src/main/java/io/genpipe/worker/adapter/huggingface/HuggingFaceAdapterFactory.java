package io.genpipe.worker.adapter.huggingface;

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
import java.util.concurrent.ScheduledExecutorService;

/** Serves the catalog's {@code adapter: huggingface} providers: Hugging Face's inference router (hf-inference). */
@Component
final class HuggingFaceAdapterFactory implements VendorAdapterFactory {

    static final String TYPE = "huggingface";

    private final VendorHttp http;
    private final ImageStore images;
    private final Billing billing;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Binder binder;

    HuggingFaceAdapterFactory(VendorHttp http, ImageStore images, Billing billing,
                              ScheduledExecutorService workerScheduler, Clock clock, Environment environment) {
        this.http = http;
        this.images = images;
        this.billing = billing;
        this.scheduler = workerScheduler;
        this.clock = clock;
        this.binder = Binder.get(environment);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public VendorAdapter create(ServedProvider provider) {
        HuggingFaceOptions options = binder.bindOrCreate(ProviderSettings.optionsPrefix(provider.name()),
                Bindable.of(HuggingFaceOptions.class));
        return new HuggingFaceAdapter(provider.name(), provider.catalog().baseUrl(), provider.apiKey(), options,
                billing, http, images, scheduler, clock);
    }
}
