package io.genpipe.worker.adapter.ideogram;

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

import java.net.http.HttpClient;
import java.util.concurrent.ExecutorService;

/** Serves the catalog's {@code adapter: ideogram} providers: Ideogram 3.0's generate API. */
@Component
final class IdeogramAdapterFactory implements VendorAdapterFactory {

    static final String TYPE = "ideogram";

    private final VendorHttp http;
    private final ImageCopies copies;
    private final ImageStore images;
    private final Billing billing;
    private final Binder binder;

    IdeogramAdapterFactory(VendorHttp http, HttpClient vendorHttpClient, ExecutorService vendorHttpExecutor,
                           ImageStore images, Billing billing, Environment environment) {
        this.http = http;
        this.copies = new ImageCopies(vendorHttpClient, vendorHttpExecutor);
        this.images = images;
        this.billing = billing;
        this.binder = Binder.get(environment);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public VendorAdapter create(ServedProvider provider) {
        IdeogramOptions options = binder.bindOrCreate(ProviderSettings.optionsPrefix(provider.name()),
                Bindable.of(IdeogramOptions.class));
        return new IdeogramAdapter(provider.name(), provider.catalog().baseUrl(), provider.apiKey(), options, billing,
                http, copies, images);
    }
}
