package io.genpipe.bench.chaos;

import java.time.Duration;

/**
 * What one chaos run reports (issue 10): nothing lost, nothing counted twice, what the vendors saw, how long it took.
 *
 * @param accepted          jobs the ingress answered 202 for
 * @param oneOutcome        accepted jobs with exactly one terminal outcome on {@code genpipe.outcomes.v1} (one event
 *                          id; a record the router republished after a crash carries the same id); must equal
 *                          {@code accepted}
 * @param noOutcome         accepted jobs without any outcome by the end of the run
 * @param twoOutcomes       jobs with two outcomes of different ids (ended twice)
 * @param outcomeRecords    outcome records of the run's jobs, replays included
 * @param sinkTerminal      the run's jobs the sink holds as SUCCEEDED or FAILED
 * @param sinkFailed        of those, FAILED
 * @param dispatches        attempts dispatched (distinct dispatch event ids), by fal and by OpenAI
 * @param vendorCalls       generation calls the simulator received, fal and OpenAI
 * @param sinkFalCalls      the vendor calls the sink recorded for the run's jobs (its {@code vendor_calls}), fal;
 *                          with {@code sinkOpenAiCalls}, equal to the vendors' counts when its spend holds every call,
 *                          duplicates included
 * @param lostCalls         calls the workers reported made but unanswered (the sink bills them as lost)
 * @param poisonSent        unreadable records produced to {@code genpipe.jobs.v1}
 * @param poisonDeadLetters their dead letters (one per consumer group that reads the topic: the router, the sink)
 * @param ownDeadLetters    dead letters of the run's real jobs: must be 0
 * @param retries           batch submissions the client had to repeat
 * @param recovery          from the fault until outcomes came back to half their rate before it; null without a fault
 *                          or when they never did
 * @param outage            from the fault until the broken part was back (a service: its JVM answering again)
 * @param loadTook          from the first batch to the last accepted
 * @param drainTook         from the first batch to the last outcome
 * @param sinkCaughtUp      from the first batch until the sink held every accepted job as ended
 */
record ChaosFigures(Fault fault, Duration down, int accepted, int oneOutcome, int noOutcome, int twoOutcomes,
                    int outcomeRecords, int sinkTerminal, int sinkFailed, int falDispatches, int openAiDispatches,
                    long falCalls, long openAiCalls, int sinkFalCalls, int sinkOpenAiCalls, long lostCalls, int poisonSent, int poisonDeadLetters,
                    int ownDeadLetters, int retries, Duration recovery, Duration outage, Duration loadTook,
                    Duration drainTook, Duration sinkCaughtUp, String outcomesPerSecond) {

    boolean invariantsHold() {
        return accepted == oneOutcome && twoOutcomes == 0 && sinkTerminal == accepted && ownDeadLetters == 0;
    }

    /** fal calls beyond its dispatched attempts: a queue vendor's request is resumed, never sent twice. */
    long falDuplicates() {
        return Math.max(0, falCalls - falDispatches);
    }

    /** Calls the vendors received that the sink holds no record of: its spend leaves them out. The goal is 0. */
    long unrecordedCalls() {
        return falCalls + openAiCalls - sinkFalCalls - sinkOpenAiCalls;
    }

    /** OpenAI calls beyond its dispatched attempts: a synchronous call lost in a crash is made again. */
    long openAiDuplicates() {
        return Math.max(0, openAiCalls - openAiDispatches);
    }
}
