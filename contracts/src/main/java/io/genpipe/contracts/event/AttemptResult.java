package io.genpipe.contracts.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * How one attempt ended, written by a worker to {@code genpipe.attempts.v1}. The {@code type} field names the
 * variant on the wire.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = AttemptSucceeded.class, name = "AttemptSucceeded"),
        @JsonSubTypes.Type(value = AttemptFailed.class, name = "AttemptFailed")
})
public sealed interface AttemptResult extends JobEvent permits AttemptSucceeded, AttemptFailed {

    int attempt();

    String provider();

    String model();

    BigDecimal costUsd();

    long latencyMs();

    /** The job this attempt worked on, carried along so the router can re-route without a lookup. */
    JobRequested job();

    List<AttemptSummary> previousAttempts();

    /** What the vendor was sent differently from the job's own parameters; empty when nothing. */
    List<String> adjustments();

    /** The job's A/B arm, from the dispatch; {@code null} when it is in no experiment. */
    ExperimentArm experiment();

    /** Calls made for this attempt whose answers a crash lost (the vendor may bill them); {@code null} for none. */
    Integer lostCalls();

    /**
     * What the catalog expected the {@link #lostCalls} to cost, priced before they were made from what they asked
     * (the vendor's own figures were lost with their answers): an estimate of what the vendor bills for calls genpipe
     * made twice. {@code null} when no call was lost, or when the price cannot tell in advance (per GPU second, per
     * credit charged): unknown, never zero.
     */
    BigDecimal lostCallsCostUsd();

    /**
     * The same result, saying that {@code lost} calls made for the attempt lost their answers, expected to have cost
     * {@code expectedCost} ({@code null}: unknown).
     */
    AttemptResult withLostCalls(int lost, BigDecimal expectedCost);

    /**
     * Every request sent to the vendor for this attempt, a call made again after a crash included: what the vendor
     * bills. Empty when the producer does not report them (then {@link #costUsd} and {@link #lostCalls} are all
     * that is known).
     */
    List<VendorCall> calls();

    /** The same result, reporting {@code made} as the attempt's vendor calls. */
    AttemptResult withCalls(List<VendorCall> made);

    /** This attempt in the form later events repeat it. */
    @JsonIgnore
    AttemptSummary summary();

    /** Every attempt of the job so far, this one last. */
    @JsonIgnore
    default List<AttemptSummary> history() {
        List<AttemptSummary> all = new ArrayList<>(previousAttempts());
        all.add(summary());
        return List.copyOf(all);
    }
}
