package io.genpipe.ingress;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

/**
 * The HTTP front door: turns requests into jobs on genpipe.jobs.v1 once the catalog says some model can do them,
 * lists the catalog's models with their live availability, and estimates costs.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IngressApplication {

    public static void main(String[] args) {
        builder().run(args);
    }

    /** Reads {@code api-ingress.yml}, so the four services can share one JVM in the local run. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(IngressApplication.class).properties("spring.config.name=api-ingress");
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
