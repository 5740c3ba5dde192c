package io.genpipe.worker;

import io.genpipe.catalog.CatalogProperties;
import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.worker.provider.LifecycleWarnings;
import io.genpipe.worker.provider.ServedProviders;
import io.genpipe.worker.provider.WorkerSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every feature shares: the clock, the catalog's providers this instance serves, one HTTP client and one
 * scheduler for all vendor calls. Neither holds a thread per call: the HTTP client completes responses on a small pool and
 * the scheduler only starts the next step of a call.
 */
@Configuration(proxyBeanMethods = false)
class WorkerInfrastructure {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ServedProviders servedProviders(WorkerSettings settings, Catalog catalog, Environment environment) {
        return ServedProviders.resolve(settings, catalog, environment);
    }

    @Bean
    LifecycleWarnings lifecycleWarnings(ServedProviders providers, CatalogProperties catalog, Clock clock) {
        return new LifecycleWarnings(providers, catalog.shutdownWarning(), clock);
    }

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService vendorHttpExecutor() {
        return Executors.newFixedThreadPool(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()),
                daemonThreads("vendor-http"));
    }

    /**
     * HTTP/1.1: the JDK client's HTTP/2 multiplexes a whole provider's calls over one connection and refuses
     * streams past the server's limit, while HTTP/1.1 simply pools connections.
     */
    @Bean
    HttpClient vendorHttpClient(ExecutorService vendorHttpExecutor) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(vendorHttpExecutor)
                .build();
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService workerScheduler() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(2, daemonThreads("worker-scheduler"));
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
