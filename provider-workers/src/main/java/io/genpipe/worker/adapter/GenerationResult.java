package io.genpipe.worker.adapter;

import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageRef;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/** How a vendor call ended: images and what they cost, or a classified failure. */
public sealed interface GenerationResult {

    BigDecimal costUsd();

    /**
     * @param images  where the images are: the vendor's URLs, or {@code file:} references into the image store
     * @param costUsd what the vendor bills for the call
     */
    record Generated(List<ImageRef> images, BigDecimal costUsd) implements GenerationResult {

        public Generated {
            images = List.copyOf(images);
            Objects.requireNonNull(costUsd, "costUsd");
        }
    }

    /**
     * @param failureClass decided here, from the vendor's answer: the router acts on it alone
     * @param reason       short and safe to log, e.g. "HTTP 503 runner_scheduling_failure"; never the prompt or a key
     * @param costUsd      what the vendor bills anyway (usually nothing)
     */
    record Failed(FailureClass failureClass, String reason, BigDecimal costUsd) implements GenerationResult {

        public Failed {
            Objects.requireNonNull(failureClass, "failureClass");
            Objects.requireNonNull(reason, "reason");
            costUsd = costUsd == null ? BigDecimal.ZERO : costUsd;
        }

        /** A failure the vendor did not bill. */
        public static Failed of(FailureClass failureClass, String reason) {
            return new Failed(failureClass, reason, BigDecimal.ZERO);
        }
    }
}
