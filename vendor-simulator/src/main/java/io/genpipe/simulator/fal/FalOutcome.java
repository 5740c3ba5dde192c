package io.genpipe.simulator.fal;

import io.genpipe.simulator.fal.FalBodies.Failure;

/** What a fal request ends with, decided when it is submitted. */
sealed interface FalOutcome {

    /** The model produced {@code count} images of the requested size. */
    record Generated(String prompt, long seed, int width, int height, int count) implements FalOutcome {
    }

    /** A LoRA training of {@code steps} steps: its logs count them, and its result is the weights' file. */
    record Trained(int steps) implements FalOutcome {
    }

    /** The result call answers a 200 whose body is not fal's shape (the profile's {@code malformedRate}). */
    record Malformed() implements FalOutcome {
    }

    /** The model or the runner failed; the result call answers this error. */
    record Failed(Failure failure) implements FalOutcome {
    }
}
