package io.genpipe.worker.journal;

import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.VendorCall;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The journal's record of one attempt on one provider (topic {@code genpipe.vendor-requests.<provider>.v1}, key
 * {@code jobId/attempt}): every vendor call made for it, in order, duplicates after a crash included, and, once it
 * ended, the result that was reported. A dispatch seen again reads it to resume a queue request or report the
 * result again instead of calling the vendor a second time.
 *
 * @param result     the attempt's result as published; {@code null} while the attempt runs
 * @param recordedAt when this version was written
 */
public record AttemptCalls(String jobId, int attempt, String provider, List<JournaledCall> calls, AttemptResult result,
                           Instant recordedAt) {

    public AttemptCalls {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(provider, "provider");
        calls = calls == null ? List.of() : List.copyOf(calls);
        Objects.requireNonNull(recordedAt, "recordedAt");
    }

    static AttemptCalls started(String jobId, int attempt, String provider, Instant now) {
        return new AttemptCalls(jobId, attempt, provider, List.of(), null, now);
    }

    public static String key(String jobId, int attempt) {
        return jobId + "/" + attempt;
    }

    public String key() {
        return key(jobId, attempt);
    }

    AttemptCalls with(JournaledCall call, Instant now) {
        List<JournaledCall> all = new ArrayList<>(calls);
        all.add(call);
        return new AttemptCalls(jobId, attempt, provider, all, result, now);
    }

    AttemptCalls finished(AttemptResult finished, Instant now) {
        return new AttemptCalls(jobId, attempt, provider, calls, finished, now);
    }

    /** The latest queue request of the call that starts at {@code firstImage}, to resume. */
    Optional<String> resumableRequest(int firstImage) {
        for (int i = calls.size() - 1; i >= 0; i--) {
            JournaledCall call = calls.get(i);
            if (call.firstImage() == firstImage) {
                return call.resumable() ? Optional.of(call.requestId()) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * Calls made that were never followed by a result and cannot be resumed: a crash lost their answers, and the
     * vendor may bill them. A synchronous call, or a queue submit whose request id was never recorded; a submit
     * whose id came later (the same call, recorded again with it) is resumed, not lost.
     */
    public int lostCalls() {
        return lostCallImages().size();
    }

    /** The first image of each {@linkplain #lostCalls lost call}, in the order they were made: what each asked. */
    public List<Integer> lostCallImages() {
        if (result != null) {
            return List.of();
        }
        List<Integer> lost = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            JournaledCall call = calls.get(i);
            if (!call.resumable() && !identifiedLater(call, i)) {
                lost.add(call.firstImage());
            }
        }
        return List.copyOf(lost);
    }

    private boolean identifiedLater(JournaledCall call, int index) {
        for (int i = index + 1; i < calls.size(); i++) {
            JournaledCall later = calls.get(i);
            if (later.firstImage() == call.firstImage()) {
                return later.resumable();
            }
        }
        return false;
    }

    /**
     * The vendor calls of the attempt as its result reports them ({@link VendorCall}), each once: a queue submit
     * recorded going out and again with the id the vendor gave it is one call. Of the calls made for the same
     * images, the last has the answer, unless the run that made it ended first; a call an earlier run made and never
     * identified was lost with that run (as {@link #lostCallImages} counts); any other was retried after a failure
     * the vendor does not bill.
     *
     * @param earlier  how many of the recorded calls earlier runs made: this run's come after them
     * @param answered the cost of each call this run had the answer of, by its first image (empty: unknown)
     * @param expected what the catalog expects a call from an image on to cost (empty: unknown), for a lost one
     */
    public List<VendorCall> report(int earlier, Map<Integer, Optional<Usd>> answered,
                                   IntFunction<Optional<Usd>> expected) {
        List<Made> made = distinctCalls(earlier);
        Map<Integer, Integer> lastForImage = new HashMap<>();
        for (int i = 0; i < made.size(); i++) {
            lastForImage.put(made.get(i).call().firstImage(), i);
        }
        List<VendorCall> report = new ArrayList<>(made.size());
        for (int i = 0; i < made.size(); i++) {
            Made one = made.get(i);
            int image = one.call().firstImage();
            boolean lost = one.earlierRun() && one.requestId() == null;
            VendorCall.Outcome outcome;
            Optional<Usd> cost;
            if (lost) {
                outcome = VendorCall.Outcome.LOST;
                cost = expected.apply(image);
            } else if (lastForImage.get(image) != i) {
                outcome = VendorCall.Outcome.RETRIED;
                cost = Optional.of(Usd.ZERO);
            } else if (answered.containsKey(image)) {
                outcome = VendorCall.Outcome.ANSWERED;
                cost = answered.get(image);
            } else {
                outcome = VendorCall.Outcome.UNANSWERED;
                cost = Optional.empty();
            }
            report.add(new VendorCall(VendorCall.id(jobId, attempt, one.index()), image, one.requestId(),
                    one.call().instance(), one.call().startedAt(), outcome, cost.map(Usd::plain).orElse(null)));
        }
        return List.copyOf(report);
    }

    /**
     * Each call once, named by where it was first recorded: a submit recorded without an id is the same call as the
     * next record for its images if that one has an id and the same run made it.
     */
    private List<Made> distinctCalls(int earlier) {
        boolean[] merged = new boolean[calls.size()];
        List<Made> made = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            if (merged[i]) {
                continue;
            }
            JournaledCall call = calls.get(i);
            String requestId = call.requestId();
            if (requestId == null) {
                for (int j = i + 1; j < calls.size() && (j < earlier) == (i < earlier); j++) {
                    if (calls.get(j).firstImage() == call.firstImage()) {
                        if (calls.get(j).resumable()) {
                            requestId = calls.get(j).requestId();
                            merged[j] = true;
                        }
                        break;
                    }
                }
            }
            made.add(new Made(i, call, requestId, i < earlier));
        }
        return made;
    }

    private record Made(int index, JournaledCall call, String requestId, boolean earlierRun) {
    }

    /** Calls made that were never followed by a result: the vendor may have billed them (a crash lost the answer). */
    long callsWithoutResult() {
        return result == null ? calls.size() : 0;
    }
}
