package io.genpipe.sink;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import io.genpipe.sink.recording.SinkSettings;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

/**
 * The results sink: records every job, attempt, outcome and what it cost in PostgreSQL, idempotently and in
 * whatever order the events arrive, and answers job and batch queries over HTTP.
 */
@SpringBootApplication
@EnableConfigurationProperties(SinkSettings.class)
public class ResultsSinkApplication {

    public static void main(String[] args) {
        builder().run(args);
    }

    /** Reads {@code results-sink.yml}, not application.yml, so the four services can share one JVM in the local run. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(ResultsSinkApplication.class).properties("spring.config.name=results-sink");
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
