package io.genpipe.worker.adapter;

import io.genpipe.worker.image.ImageStore;
import io.genpipe.worker.image.LocalDirectoryImageStore;
import io.genpipe.worker.provider.ServedProviders;
import io.genpipe.worker.provider.WorkerSettings;
import io.genpipe.worker.ratelimit.AccountLimits;
import io.genpipe.worker.retry.Retries;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.ExecutorService;

/** What every adapter shares, and the adapters of the served providers; each factory is a bean of its own package. */
@Configuration(proxyBeanMethods = false)
class AdapterConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ImageStore imageStore(WorkerSettings settings) {
        return new LocalDirectoryImageStore(settings.images().dir());
    }

    @Bean
    VendorHttp vendorHttp(HttpClient vendorHttpClient, ExecutorService vendorHttpExecutor) {
        return new VendorHttp(vendorHttpClient, vendorHttpExecutor);
    }

    /** Copies of expiring vendor links, for the providers whose {@code options.copy-images} asks for them. */
    @Bean
    ImageCopies imageCopies(VendorHttp vendorHttp, ImageStore imageStore) {
        return new ImageCopies(vendorHttp, imageStore);
    }

    /** Input images (edits, trainings) are read only from under the image store's directory. */
    @Bean
    InputFiles inputFiles(WorkerSettings settings, VendorHttp vendorHttp) {
        return new InputFiles(settings.images().dir(), vendorHttp);
    }

    @Bean
    Billing billing(MeterRegistry meterRegistry) {
        return new Billing(meterRegistry);
    }

    @Bean
    VendorAdapters vendorAdapters(List<VendorAdapterFactory> factories, ServedProviders providers, Retries retries,
                                  AccountLimits limits) {
        // Retries outside the limits: a call made again waits its turn like any other.
        return new VendorAdapters(factories, providers,
                (provider, adapter) -> retries.decorate(provider, limits.decorate(provider, adapter)));
    }
}
