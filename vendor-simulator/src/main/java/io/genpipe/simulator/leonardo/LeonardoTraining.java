package io.genpipe.simulator.leonardo;

import java.time.Instant;

/**
 * One custom model being trained ({@code POST /models}), decided in full when it is created, like a generation: its
 * status is a function of the time it is read at, so no thread or timer runs per training.
 *
 * @param id             the {@code customModelId} handed to the client
 * @param input          what was asked for
 * @param createdAt      when Leonardo accepted it
 * @param completesAt    PENDING before this instant, COMPLETE or FAILED from it on: the profile's latency
 * @param failed         it ends FAILED (the profile's error rate)
 * @param apiCreditCost  the credits the create answer reported
 */
record LeonardoTraining(String id, LeonardoTrainingInput input, Instant createdAt, Instant completesAt,
                        boolean failed, int apiCreditCost) {

    /**
     * What a training costs, in credits. Leonardo publishes no API price for training [?]; this fixed figure only has
     * to be plain to see in tests, and the catalog's estimate for the model is the same number.
     */
    static final int CREDIT_COST = 500;

    LeonardoGeneration.Status statusAt(Instant now) {
        if (now.isBefore(completesAt)) {
            return LeonardoGeneration.Status.PENDING;
        }
        return failed ? LeonardoGeneration.Status.FAILED : LeonardoGeneration.Status.COMPLETE;
    }
}
