package io.genpipe.simulator.leonardo;

import java.time.Instant;

/**
 * One generation job, decided in full when it is created; its status is a pure function of the time it is polled at,
 * so no thread or timer runs per job.
 *
 * @param id            the {@code generationId} handed to the client
 * @param input         what was asked for
 * @param seed          the seed reported (the one given, or drawn)
 * @param createdAt     when Leonardo accepted it
 * @param completesAt   PENDING before this instant, COMPLETE or FAILED from it on
 * @param failed        it ends FAILED (the profile's error rate), with no images
 * @param nsfwOutput    its images are flagged {@code nsfw: true}: Leonardo flags unsafe outputs, it does not drop them
 * @param apiCreditCost the credits the create answer reported
 * @param malformed     once COMPLETE, a poll answers a 200 whose body is not Leonardo's shape (the profile's
 *                      {@code malformedRate})
 */
record LeonardoGeneration(String id, LeonardoInput input, long seed, Instant createdAt, Instant completesAt,
                          boolean failed, boolean nsfwOutput, int apiCreditCost, boolean malformed) {

    enum Status { PENDING, COMPLETE, FAILED }

    Status statusAt(Instant now) {
        if (now.isBefore(completesAt)) {
            return Status.PENDING;
        }
        return failed ? Status.FAILED : Status.COMPLETE;
    }

    /**
     * What a job costs, in credits. Leonardo's per-model prices are not published [?]; its one worked example is
     * 4 images of 1024x1024 for 40 credits, so this charges 10 credits per started megapixel of each image.
     */
    static int creditCost(LeonardoInput input) {
        long pixels = (long) input.width() * input.height();
        long perImage = Math.max(1, (pixels * 10 + (1 << 20) - 1) >> 20);
        return (int) (perImage * input.numImages());
    }
}
