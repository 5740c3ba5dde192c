package io.genpipe.simulator.replicate;

/** How a prediction ends once it has run, decided when it is created. */
sealed interface ReplicateOutcome {

    /** {@code count} images of {@code width} x {@code height}, coloured from the prompt. */
    record Generated(String prompt, int count, int width, int height) implements ReplicateOutcome {
    }

    /** The prediction succeeds, and each answer about it is a 200 whose body is not Replicate's shape. */
    record Malformed() implements ReplicateOutcome {
    }

    /** The prediction ends {@code failed} with this {@code error} text. */
    record Failed(String error) implements ReplicateOutcome {
    }
}
