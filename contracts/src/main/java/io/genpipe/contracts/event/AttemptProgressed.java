package io.genpipe.contracts.event;

import io.genpipe.contracts.json.MessageFormatException;

import java.time.Instant;
import java.util.UUID;

/**
 * A long-running attempt (a model training) is still going: what the vendor last said about it. Written by the
 * workers to {@code genpipe.progress.v1} while they poll; the results-sink shows the latest in the job's status.
 * Informational only: nothing routes on it, and a lost one is replaced by the next.
 *
 * @param status  the vendor's state, e.g. {@code IN_QUEUE}, {@code processing}, {@code PENDING}
 * @param percent how far along, 0 to 100, when the vendor says (a step count over the total, say); else absent
 * @param message a short line the vendor gave, such as its last log line; absent when none. Never the prompt.
 */
public record AttemptProgressed(
        int schemaVersion,
        String eventId,
        String jobId,
        Instant occurredAt,
        String tenantId,
        int attempt,
        String provider,
        String model,
        String status,
        Integer percent,
        String message) implements GenpipeEvent {

    public static final int MAX_MESSAGE_LENGTH = 200;

    public AttemptProgressed {
        Require.knownVersion(schemaVersion);
        Require.text(eventId, "eventId");
        Require.id(jobId, "jobId");
        Require.present(occurredAt, "occurredAt");
        Require.text(tenantId, "tenantId");
        Require.positive(attempt, "attempt");
        Require.text(provider, "provider");
        Require.text(model, "model");
        Require.text(status, "status");
        if (percent != null && (percent < 0 || percent > 100)) {
            throw MessageFormatException.invalid("percent", "must be 0 to 100, was " + percent);
        }
        if (message != null && message.length() > MAX_MESSAGE_LENGTH) {
            message = message.substring(0, MAX_MESSAGE_LENGTH);
        }
    }

    /** Progress of the attempt {@code dispatch} asked for, as of {@code now}. */
    public static AttemptProgressed of(AttemptDispatched dispatch, String status, Integer percent, String message,
                                       Instant now) {
        return new AttemptProgressed(SCHEMA_VERSION, UUID.randomUUID().toString(), dispatch.jobId(), now,
                dispatch.job().tenantId(), dispatch.attempt(), dispatch.provider(), dispatch.model(), status, percent,
                message);
    }
}
