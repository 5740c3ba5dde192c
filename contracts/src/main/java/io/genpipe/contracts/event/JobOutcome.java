package io.genpipe.contracts.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The one terminal outcome of a job, written by the router to {@code genpipe.outcomes.v1}, with every attempt
 * summarised. The {@code type} field names the variant on the wire.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = JobSucceeded.class, name = "JobSucceeded"),
        @JsonSubTypes.Type(value = JobFailed.class, name = "JobFailed")
})
public sealed interface JobOutcome extends JobEvent permits JobSucceeded, JobFailed {

    String tenantId();

    String batchId();

    /** When the job was requested, so that consumers can tell how long it took. */
    Instant requestedAt();

    List<AttemptSummary> attempts();

    /** The job's A/B arm; {@code null} when it was in no experiment. */
    ExperimentArm experiment();

    /** What the attempts whose cost is known cost together; see {@link #unknownCostAttempts()}. */
    @JsonIgnore
    default BigDecimal totalCostUsd() {
        return attempts().stream().filter(AttemptSummary::costKnown).map(AttemptSummary::costUsd)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** Attempts the vendor may have billed for an amount no price could tell: the total is a lower bound. */
    @JsonIgnore
    default long unknownCostAttempts() {
        return attempts().stream().filter(attempt -> !attempt.costKnown()).count();
    }
}
