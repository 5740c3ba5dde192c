package io.genpipe.simulator.replicate;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;

/**
 * One prediction. Its timeline is fixed when it is created, so its status is a pure function of the time it is
 * looked at: no thread or timer per prediction.
 *
 * @param id         the prediction id
 * @param model      {@code owner/name}
 * @param version    the version id, or {@code hidden} for an official model run by name
 * @param input      the input as sent
 * @param createdAt  when the create call arrived
 * @param startsAt   {@code starting} until then, {@code processing} from then: a tenth of the latency, a warm worker
 * @param endsAt     terminal from then on
 * @param outcome    what it ends with if nobody cancels it
 * @param canceledAt when its creator cancelled it; null if never
 */
record Prediction(String id, String model, String version, JsonNode input, Instant createdAt, Instant startsAt,
                  Instant endsAt, ReplicateOutcome outcome, Instant canceledAt) {

    enum Status {
        STARTING, PROCESSING, SUCCEEDED, FAILED, CANCELED;

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        boolean terminal() {
            return this == SUCCEEDED || this == FAILED || this == CANCELED;
        }
    }

    static Prediction created(String id, String model, String version, JsonNode input, Instant now, Duration latency,
                              ReplicateOutcome outcome) {
        return new Prediction(id, model, version, input, now, now.plus(latency.dividedBy(10)), now.plus(latency),
                outcome, null);
    }

    Status statusAt(Instant now) {
        if (canceledAt != null) {
            return Status.CANCELED;
        }
        if (now.isBefore(startsAt)) {
            return Status.STARTING;
        }
        if (now.isBefore(endsAt)) {
            return Status.PROCESSING;
        }
        return outcome instanceof ReplicateOutcome.Failed ? Status.FAILED : Status.SUCCEEDED;
    }

    /** When it ended, or will end if nobody cancels it. */
    Instant completedAt() {
        return canceledAt != null ? canceledAt : endsAt;
    }

    /** Seconds the model ran: Replicate's {@code metrics.predict_time}, which per-second prices bill. */
    double predictSeconds() {
        Instant end = completedAt();
        return end.isAfter(startsAt) ? Duration.between(startsAt, end).toNanos() / 1e9 : 0.0;
    }

    /** Cancelled at {@code now}; a terminal prediction stays as it is. */
    Prediction canceled(Instant now) {
        if (statusAt(now).terminal()) {
            return this;
        }
        return new Prediction(id, model, version, input, createdAt, startsAt, endsAt, outcome, now);
    }
}
