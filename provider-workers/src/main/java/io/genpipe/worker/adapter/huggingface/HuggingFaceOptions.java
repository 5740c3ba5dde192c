package io.genpipe.worker.adapter.huggingface;

import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Hugging Face's options for one provider, bound from {@code genpipe.workers.providers.<name>.options}.
 *
 * @param minLoadingWait the least wait before calling a model again that answered 503 "currently loading": its
 *                       {@code estimated_time} may be 0 or missing, and calling again at once only costs requests
 */
public record HuggingFaceOptions(@DefaultValue("500ms") Duration minLoadingWait) {

    public static final HuggingFaceOptions DEFAULTS = new HuggingFaceOptions(null);

    public HuggingFaceOptions {
        minLoadingWait = minLoadingWait == null ? Duration.ofMillis(500) : minLoadingWait;
        if (minLoadingWait.isNegative()) {
            throw new IllegalArgumentException("min-loading-wait must not be negative, was " + minLoadingWait);
        }
    }

    /** The wait before calling a loading model again, for its {@code estimated} remaining load time. */
    Duration loadingWait(Duration estimated) {
        return estimated.compareTo(minLoadingWait) > 0 ? estimated : minLoadingWait;
    }
}
