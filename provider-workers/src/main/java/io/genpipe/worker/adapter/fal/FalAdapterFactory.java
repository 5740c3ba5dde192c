package io.genpipe.worker.adapter.fal;

import io.genpipe.worker.adapter.Billing;
import io.genpipe.worker.adapter.ImageCopies;
import io.genpipe.worker.adapter.InputFiles;
import io.genpipe.worker.adapter.VendorAdapter;
import io.genpipe.worker.adapter.VendorAdapterFactory;
import io.genpipe.worker.adapter.VendorHttp;
import io.genpipe.worker.provider.ProviderSettings;
import io.genpipe.worker.provider.ServedProvider;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.util.concurrent.ScheduledExecutorService;

/**
 * Serves the catalog's {@code adapter: fal} providers: fal.ai's queue API.
 *
 * <p>Whether genpipe retries a provider's calls is its {@code retry.max-attempts} setting, which the factory reads
 * from the provider it serves, as the retry decorator does: the adapter is made once per provider, and retries are
 * decided per provider too, so no later wiring can disagree with what the adapter was told.
 */
@Component
final class FalAdapterFactory implements VendorAdapterFactory {

    static final String TYPE = "fal";

    private final VendorHttp http;
    private final ScheduledExecutorService scheduler;
    private final Billing billing;
    private final InputFiles inputFiles;
    private final ImageCopies copies;
    private final Binder binder;

    FalAdapterFactory(VendorHttp http, ScheduledExecutorService workerScheduler, Billing billing,
                      InputFiles inputFiles, ImageCopies copies, Environment environment) {
        this.http = http;
        this.copies = copies;
        this.inputFiles = inputFiles;
        this.scheduler = workerScheduler;
        this.billing = billing;
        this.binder = Binder.get(environment);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public VendorAdapter create(ServedProvider provider) {
        FalOptions options = binder.bindOrCreate(ProviderSettings.optionsPrefix(provider.name()),
                Bindable.of(FalOptions.class));
        boolean genpipeRetries = provider.settings().retry().maxAttempts() > 1;
        FalAdapter adapter = new FalAdapter(provider.name(), provider.catalog().baseUrl(), provider.apiKey(), options,
                billing, http, scheduler, inputFiles, genpipeRetries);
        return options.copyImages() ? copies.around(provider.name(), "fal", adapter) : adapter;
    }
}
