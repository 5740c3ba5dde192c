package io.genpipe.simulator.fal;

import io.genpipe.simulator.fal.FalBodies.LogLine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A request's logs, as the status call lists them with {@code ?logs=1}. Image models log nothing here. A training
 * logs that it started, then a line every tenth of its steps ({@code step 400/1000}) as its running time passes, so
 * a client polling it sees the list grow. Lines are computed from the request's times, like its state.
 */
final class FalLogs {

    private static final int CHECKPOINTS = 10;

    private FalLogs() {
    }

    static List<Object> of(FalRequest request, Instant now) {
        if (!(request.outcome() instanceof FalOutcome.Trained trained) || request.startsAt() == null
                || now.isBefore(request.startsAt())) {
            return List.of();
        }
        List<Object> lines = new ArrayList<>();
        lines.add(line("Preparing " + trained.steps() + " training steps", request.startsAt()));
        int reached = (int) Math.floor(request.progressAt(now) * CHECKPOINTS);
        long runNanos = request.runTime().toNanos();
        for (int i = 1; i <= reached; i++) {
            int step = (int) ((long) trained.steps() * i / CHECKPOINTS);
            Instant at = request.startsAt().plus(Duration.ofNanos(runNanos / CHECKPOINTS * i));
            lines.add(line("step " + step + "/" + trained.steps(), at));
        }
        return lines;
    }

    private static LogLine line(String message, Instant at) {
        return new LogLine(message, "INFO", "user", at.toString());
    }
}
