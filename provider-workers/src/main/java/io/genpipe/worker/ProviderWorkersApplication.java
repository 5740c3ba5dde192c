package io.genpipe.worker;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * provider-workers: one worker group per provider, calling the vendor for each dispatched attempt and
 * publishing how it ended, plus the provider's health. Run one instance per provider (or a few providers) and
 * scale each by adding instances; see README.md.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ProviderWorkersApplication {

    /** The configuration file is named after the service, so that local-stack can run all services in one JVM. */
    public static final String CONFIG_NAME = "provider-workers";

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(ProviderWorkersApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }

    public static void main(String[] args) {
        atLeastTwoCommonPoolThreads();
        builder().run(args);
    }

    /**
     * The JDK's HttpClient completes every {@code sendAsync} on the common fork-join pool, and a pool of fewer
     * than two threads (the default on a 2-core host) makes that a new thread per HTTP answer. The property only
     * works before the pool is first used, hence here, first thing; an explicit -D setting wins.
     */
    static void atLeastTwoCommonPoolThreads() {
        String property = "java.util.concurrent.ForkJoinPool.common.parallelism";
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors() - 1)));
        }
    }
}
