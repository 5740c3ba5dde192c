package io.genpipe.worker.adapter.openai;

import io.genpipe.worker.adapter.Billing;
import io.genpipe.worker.adapter.InputFiles;
import io.genpipe.worker.adapter.VendorAdapter;
import io.genpipe.worker.adapter.VendorAdapterFactory;
import io.genpipe.worker.adapter.VendorHttp;
import io.genpipe.worker.image.ImageStore;
import io.genpipe.worker.provider.ProviderSettings;
import io.genpipe.worker.provider.ServedProvider;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Serves the catalog's {@code adapter: openai} providers: OpenAI's images API, generations and edits. */
@Component
final class OpenAiAdapterFactory implements VendorAdapterFactory {

    static final String TYPE = "openai";

    private final VendorHttp http;
    private final ImageStore images;
    private final Billing billing;
    private final InputFiles inputFiles;
    private final MeterRegistry meters;
    private final Binder binder;

    OpenAiAdapterFactory(VendorHttp http, ImageStore images, Billing billing, InputFiles inputFiles,
                         MeterRegistry meters, Environment environment) {
        this.http = http;
        this.images = images;
        this.billing = billing;
        this.inputFiles = inputFiles;
        this.meters = meters;
        this.binder = Binder.get(environment);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public VendorAdapter create(ServedProvider provider) {
        OpenAiOptions options = binder.bindOrCreate(ProviderSettings.optionsPrefix(provider.name()),
                Bindable.of(OpenAiOptions.class));
        return new OpenAiAdapter(provider.name(), provider.catalog().baseUrl(), provider.apiKey(), options, billing,
                http, images, inputFiles, meters);
    }
}
