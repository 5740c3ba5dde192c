package io.genpipe.worker.adapter;

import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageRef;

import java.util.List;
import java.util.Objects;

/** How a vendor call ended: images and what they cost, or a classified failure. */
public sealed interface GenerationResult {

    /** What the vendor bills for the call; null when it is unknown (see {@link Billing}), which is not zero. */
    Usd cost();

    /**
     * @param images where the images are: the vendor's URLs, or {@code file:} references into the image store
     * @param cost   what the vendor bills for the call; null when unknown
     */
    record Generated(List<ImageRef> images, Usd cost) implements GenerationResult {

        public Generated {
            images = List.copyOf(images);
        }
    }

    /**
     * @param failureClass decided here, from the vendor's answer: the router acts on it alone
     * @param reason       short and safe to log, e.g. "HTTP 503 runner_scheduling_failure"; never the prompt or a key
     * @param cost         what the vendor bills anyway: zero for an error answer, which vendors do not bill; null
     *                     when unknown (a result with flagged images whose price the report does not cover)
     */
    record Failed(FailureClass failureClass, String reason, Usd cost) implements GenerationResult {

        public Failed {
            Objects.requireNonNull(failureClass, "failureClass");
            Objects.requireNonNull(reason, "reason");
        }

        /** A failure the vendor did not bill: an error answer, or no call at all. */
        public static Failed of(FailureClass failureClass, String reason) {
            return new Failed(failureClass, reason, Usd.ZERO);
        }
    }
}
