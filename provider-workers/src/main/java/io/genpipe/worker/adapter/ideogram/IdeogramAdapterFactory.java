package io.genpipe.worker.adapter.ideogram;

import io.genpipe.worker.adapter.Billing;
import io.genpipe.worker.adapter.ImageCopies;
import io.genpipe.worker.adapter.VendorAdapter;
import io.genpipe.worker.adapter.VendorAdapterFactory;
import io.genpipe.worker.adapter.VendorHttp;
import io.genpipe.worker.provider.ProviderSettings;
import io.genpipe.worker.provider.ServedProvider;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Serves the catalog's {@code adapter: ideogram} providers: Ideogram 3.0's generate API. */
@Component
final class IdeogramAdapterFactory implements VendorAdapterFactory {

    static final String TYPE = "ideogram";

    private final VendorHttp http;
    private final ImageCopies copies;
    private final Billing billing;
    private final Binder binder;

    IdeogramAdapterFactory(VendorHttp http, ImageCopies copies, Billing billing, Environment environment) {
        this.http = http;
        this.copies = copies;
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
        IdeogramAdapter adapter = new IdeogramAdapter(provider.name(), provider.catalog().baseUrl(), provider.apiKey(),
                options, billing, http);
        return options.copyImages() ? copies.around(provider.name(), "Ideogram", adapter) : adapter;
    }
}
