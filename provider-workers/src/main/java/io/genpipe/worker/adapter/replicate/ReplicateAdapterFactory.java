package io.genpipe.worker.adapter.replicate;

import io.genpipe.worker.adapter.Billing;
import io.genpipe.worker.adapter.ImageCopies;
import io.genpipe.worker.adapter.InputFiles;
import io.genpipe.worker.adapter.VendorAdapter;
import io.genpipe.worker.adapter.VendorAdapterFactory;
import io.genpipe.worker.adapter.VendorHttp;
import io.genpipe.worker.provider.ProviderSettings;
import io.genpipe.worker.provider.ServedProvider;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

/** Serves the catalog's {@code adapter: replicate} providers: Replicate's predictions and trainings. */
@Component
final class ReplicateAdapterFactory implements VendorAdapterFactory {

    static final String TYPE = "replicate";

    private final VendorHttp http;
    private final ScheduledExecutorService scheduler;
    private final Billing billing;
    private final Clock clock;
    private final InputFiles inputFiles;
    private final MeterRegistry meters;
    private final ImageCopies copies;
    private final Binder binder;

    ReplicateAdapterFactory(VendorHttp http, ScheduledExecutorService workerScheduler, Billing billing, Clock clock,
                            InputFiles inputFiles, MeterRegistry meters, ImageCopies copies, Environment environment) {
        this.copies = copies;
        this.inputFiles = inputFiles;
        this.meters = meters;
        this.http = http;
        this.scheduler = workerScheduler;
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
        ReplicateOptions options = binder.bindOrCreate(ProviderSettings.optionsPrefix(provider.name()),
                Bindable.of(ReplicateOptions.class));
        ReplicateAdapter adapter = new ReplicateAdapter(provider.name(), provider.catalog().baseUrl(),
                provider.apiKey(), options, billing, http, scheduler, clock, inputFiles, meters);
        return options.copyImages() ? copies.around(provider.name(), "Replicate", adapter) : adapter;
    }
}
