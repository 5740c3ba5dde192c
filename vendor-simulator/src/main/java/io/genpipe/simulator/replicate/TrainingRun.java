package io.genpipe.simulator.replicate;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One training. Like a {@link Prediction}, its timeline is fixed when it is created: {@code starting} for a tenth of
 * its run time, then {@code processing}, its steps advancing evenly until it ends, so its status and its logs are a
 * pure function of the time they are looked at.
 *
 * @param id          the training id
 * @param model       the trainer, {@code owner/name}
 * @param version     the trainer's version id
 * @param destination {@code owner/name} of the model the training makes a version of
 * @param input       the input as sent
 * @param steps       how many steps the trainer runs ({@code input.steps}, else its default)
 * @param createdAt   when the create call arrived
 * @param startsAt    when it starts processing
 * @param endsAt      terminal from then on, unless cancelled before
 * @param outcome     what it ends with if nobody cancels it
 * @param canceledAt  when its creator cancelled it; null if never
 */
record TrainingRun(String id, String model, String version, String destination, JsonNode input, int steps,
                   Instant createdAt, Instant startsAt, Instant endsAt, Outcome outcome, Instant canceledAt) {

    /** The trainer's name in its progress lines, as the FLUX LoRA trainer prints them [obs]. */
    static final String PROGRESS_NAME = "flux_train_replicate";
    private static final int BAR_WIDTH = 10;

    /** How a training ends once it has run, decided when it is created. */
    sealed interface Outcome {

        /** A new version of the destination, {@code versionId}, and its LoRA weights. */
        record Trained(String versionId) implements Outcome {
        }

        /** The training ends {@code failed} with this {@code error} text once its run time is over. */
        record Failed(String error) implements Outcome {
        }
    }

    static TrainingRun created(String id, String model, String version, String destination, JsonNode input, int steps,
                               Instant now, Duration runTime, Outcome outcome) {
        return new TrainingRun(id, model, version, destination, input, steps, now, now.plus(runTime.dividedBy(10)),
                now.plus(runTime), outcome, null);
    }

    Prediction.Status statusAt(Instant now) {
        if (canceledAt != null) {
            return Prediction.Status.CANCELED;
        }
        if (now.isBefore(startsAt)) {
            return Prediction.Status.STARTING;
        }
        if (now.isBefore(endsAt)) {
            return Prediction.Status.PROCESSING;
        }
        return outcome instanceof Outcome.Failed ? Prediction.Status.FAILED : Prediction.Status.SUCCEEDED;
    }

    Instant completedAt() {
        return canceledAt != null ? canceledAt : endsAt;
    }

    /** Seconds the trainer ran, not counting the wait to start: {@code metrics.predict_time}, which Replicate bills. */
    double predictSeconds() {
        Instant end = completedAt();
        return end.isAfter(startsAt) ? Duration.between(startsAt, end).toNanos() / 1e9 : 0.0;
    }

    TrainingRun canceled(Instant now) {
        if (statusAt(now).terminal()) {
            return this;
        }
        return new TrainingRun(id, model, version, destination, input, steps, createdAt, startsAt, endsAt, outcome, now);
    }

    /** Steps done by {@code now}: none before it starts, all once it succeeded. */
    int stepsAt(Instant now) {
        Instant until = now.isBefore(completedAt()) ? now : completedAt();
        if (!until.isAfter(startsAt)) {
            return 0;
        }
        if (!until.isBefore(endsAt)) {
            return steps;
        }
        double share = Duration.between(startsAt, until).toNanos() / (double) Duration.between(startsAt, endsAt).toNanos();
        return (int) Math.min(steps, Math.floor(share * steps));
    }

    /**
     * The logs as they stand at {@code now}: a line per tenth of the steps reached, then the current step, in the
     * trainer's progress-bar format ({@code flux_train_replicate:  40%|####      | 400/1000}); then how it ended.
     */
    String logsAt(Instant now) {
        Prediction.Status status = statusAt(now);
        if (status == Prediction.Status.STARTING || canceledAt != null && !canceledAt.isAfter(startsAt)) {
            return "";
        }
        List<String> lines = new ArrayList<>();
        lines.add("Loading training images from input_images");
        int done = stepsAt(now);
        for (int tenth = 0; tenth * steps / 10 < done; tenth++) {
            lines.add(progress(tenth * steps / 10));
        }
        lines.add(progress(done));
        if (status == Prediction.Status.SUCCEEDED) {
            lines.add("Saved LoRA weights to output/trained_model.tar");
        } else if (status == Prediction.Status.FAILED && outcome instanceof Outcome.Failed failed) {
            lines.add(failed.error());
        } else if (status == Prediction.Status.CANCELED) {
            lines.add("Training canceled");
        }
        return String.join("\n", lines) + "\n";
    }

    private String progress(int done) {
        int percent = steps == 0 ? 100 : done * 100 / steps;
        int filled = percent * BAR_WIDTH / 100;
        return String.format("%s: %3d%%|%s%s| %d/%d", PROGRESS_NAME, percent, "#".repeat(filled),
                " ".repeat(BAR_WIDTH - filled), done, steps);
    }
}
