package io.genpipe.worker.adapter;

import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageRef;
import io.genpipe.contracts.event.TrainedModel;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** How a vendor call ended: images and what they cost, or a classified failure. */
public sealed interface GenerationResult {

    /** What the vendor bills for the call; null when it is unknown (see {@link Billing}), which is not zero. */
    Usd cost();

    /**
     * @param images where the images are: the vendor's URLs, or {@code file:} references into the image store
     * @param cost   what the vendor bills for the call; null when unknown
     * @param trainedModel what a training call made; null for other operations
     */
    record Generated(List<ImageRef> images, Usd cost, TrainedModel trainedModel) implements GenerationResult {

        public Generated {
            images = List.copyOf(images);
        }

        /** Images, and nothing trained. */
        public Generated(List<ImageRef> images, Usd cost) {
            this(images, cost, null);
        }

        /** A training that made {@code trained}, and no images. */
        public static Generated trained(TrainedModel trained, Usd cost) {
            return new Generated(List.of(), cost, java.util.Objects.requireNonNull(trained, "trained"));
        }
    }

    /**
     * @param failureClass decided here, from the vendor's answer: the router acts on it alone
     * @param reason       short and safe to log, e.g. "HTTP 503 runner_scheduling_failure"; never the prompt or a key
     * @param cost         what the vendor bills anyway: zero for an error answer, which vendors do not bill; null
     *                     when unknown (a result with flagged images whose price the report does not cover)
     * @param retryAfter   how long the vendor said to wait before the next call ({@code Retry-After},
     *                     {@code retry-after-ms}); null when it said nothing
     * @param doNotRetry   the vendor said a new call would fail the same way (fal's {@code X-Fal-Retryable: false})
     */
    record Failed(FailureClass failureClass, String reason, Usd cost, Duration retryAfter, boolean doNotRetry)
            implements GenerationResult {

        public Failed {
            Objects.requireNonNull(failureClass, "failureClass");
            Objects.requireNonNull(reason, "reason");
            if (retryAfter != null && retryAfter.isNegative()) {
                retryAfter = Duration.ZERO;
            }
        }

        /** A failure about which the vendor said nothing on trying again. */
        public Failed(FailureClass failureClass, String reason, Usd cost) {
            this(failureClass, reason, cost, null, false);
        }

        /** A failure the vendor did not bill: an error answer, or no call at all. */
        public static Failed of(FailureClass failureClass, String reason) {
            return new Failed(failureClass, reason, Usd.ZERO);
        }

        /** This failure, with what the vendor said about calling again. */
        public Failed withRetryAdvice(Duration retryAfter, boolean doNotRetry) {
            return new Failed(failureClass, reason, cost, retryAfter, doNotRetry);
        }

        /** The vendor's stated wait, if it stated one. */
        public Optional<Duration> statedWait() {
            return Optional.ofNullable(retryAfter);
        }
    }
}
