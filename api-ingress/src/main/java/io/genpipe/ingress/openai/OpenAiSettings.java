package io.genpipe.ingress.openai;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The OpenAI-compatible endpoint ({@code POST /v1/images/generations}).
 *
 * @param waitTimeout      how long a request waits for its job's outcome once the broker has the job; after it the
 *                         answer is 202 with the job's status URL (the job goes on)
 * @param imageReadTimeout longest wait for one image's bytes (a vendor URL fetched for {@code b64_json})
 * @param imageStore       the workers' image store ({@code genpipe.workers.images.dir}) as this ingress sees it: the
 *                         only directory a {@code file:} image is read from, whatever an outcome names
 */
@ConfigurationProperties("genpipe.ingress.openai")
public record OpenAiSettings(
        @DefaultValue("60s") Duration waitTimeout,
        @DefaultValue("30s") Duration imageReadTimeout,
        @DefaultValue("./data/images") Path imageStore) {
}
