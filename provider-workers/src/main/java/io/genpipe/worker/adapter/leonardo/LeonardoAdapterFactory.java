package io.genpipe.worker.adapter.leonardo;

import io.genpipe.worker.adapter.Billing;
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

import java.util.concurrent.ScheduledExecutorService;

/** Serves the catalog's {@code adapter: leonardo} providers: Leonardo.Ai's REST API v1. */
@Component
final class LeonardoAdapterFactory implements VendorAdapterFactory {

    static final String TYPE = "leonardo";

    private final VendorHttp http;
    private final ScheduledExecutorService scheduler;
    private final Billing billing;
    private final Binder binder;
    private final InputFiles inputFiles;
    private final MeterRegistry meters;

    LeonardoAdapterFactory(VendorHttp http, ScheduledExecutorService workerScheduler, Billing billing,
                           Environment environment, InputFiles inputFiles, MeterRegistry meters) {
        this.http = http;
        this.scheduler = workerScheduler;
        this.billing = billing;
        this.binder = Binder.get(environment);
        this.inputFiles = inputFiles;
        this.meters = meters;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public VendorAdapter create(ServedProvider provider) {
        LeonardoOptions options = binder.bindOrCreate(ProviderSettings.optionsPrefix(provider.name()),
                Bindable.of(LeonardoOptions.class));
        return new LeonardoAdapter(provider.name(), provider.catalog().baseUrl(), provider.apiKey(), options, billing,
                http, scheduler, inputFiles, meters);
    }
}
