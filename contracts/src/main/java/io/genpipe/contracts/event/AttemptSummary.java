package io.genpipe.contracts.event;

import java.math.BigDecimal;

/**
 * One finished attempt, as later events repeat it: the router re-routes and the outcome reports from these
 * without keeping state of its own.
 *
 * @param failureClass {@code null} when the attempt succeeded
 * @param costUsd      what the vendor billed for the attempt (zero when it did not bill); {@code null} when unknown
 */
public record AttemptSummary(int attempt, String provider, String model, FailureClass failureClass,
                             String reason, BigDecimal costUsd, long latencyMs) {

    public AttemptSummary {
        Require.positive(attempt, "attempt");
        Require.text(provider, "provider");
        Require.notNegative(costUsd, "costUsd");
    }

    /** False when the catalog's price could not bill what the vendor reported. */
    public boolean costKnown() {
        return costUsd != null;
    }

    public boolean succeeded() {
        return failureClass == null;
    }
}
