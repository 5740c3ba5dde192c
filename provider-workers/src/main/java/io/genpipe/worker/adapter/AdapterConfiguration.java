package io.genpipe.worker.adapter;

import io.genpipe.worker.image.ImageStore;
import io.genpipe.worker.image.LocalDirectoryImageStore;
import io.genpipe.worker.provider.WorkerSettings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.http.HttpClient;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

@Configuration(proxyBeanMethods = false)
class AdapterConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ImageStore imageStore(WorkerSettings settings) {
        return new LocalDirectoryImageStore(settings.images().dir());
    }

    @Bean
    VendorAdapters vendorAdapters(HttpClient vendorHttpClient, ExecutorService vendorHttpExecutor,
                                  ScheduledExecutorService workerScheduler, ImageStore imageStore) {
        return new VendorAdapters(new VendorHttp(vendorHttpClient, vendorHttpExecutor), workerScheduler, imageStore);
    }
}
