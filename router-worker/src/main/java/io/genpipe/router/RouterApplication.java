package io.genpipe.router;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

/** The router: reads jobs, attempt results and provider health; writes dispatches and outcomes. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RouterApplication {

    public static void main(String[] args) {
        builder().run(args);
    }

    /** Reads {@code router-worker.yml}, so the four services can share one JVM in the local run. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(RouterApplication.class).properties("spring.config.name=router-worker");
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
