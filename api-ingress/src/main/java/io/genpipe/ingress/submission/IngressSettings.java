package io.genpipe.ingress.submission;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/**
 * @param statusBaseUrl  where callers follow a job or batch (the results-sink's HTTP API)
 * @param publishTimeout longest wait for the broker to acknowledge before answering 503
 * @param retryAfter     what a 503 tells the caller to wait before trying again
 * @param maxBatchSize   most prompts in one batch request
 */
@ConfigurationProperties("genpipe.ingress")
public record IngressSettings(
        @DefaultValue("http://127.0.0.1:8083") URI statusBaseUrl,
        @DefaultValue("15s") Duration publishTimeout,
        @DefaultValue("5s") Duration retryAfter,
        @DefaultValue("1000") int maxBatchSize) {

    public URI jobStatus(String jobId) {
        return statusBaseUrl.resolve("/v1/jobs/" + jobId);
    }

    URI batchStatus(String batchId) {
        return statusBaseUrl.resolve("/v1/batches/" + batchId);
    }
}
