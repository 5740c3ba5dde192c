package io.genpipe.worker.journal;

import io.genpipe.contracts.event.AttemptResult;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The journal's record of one attempt on one provider (topic {@code genpipe.vendor-requests.<provider>.v1}, key
 * {@code jobId/attempt}): every vendor call made for it, in order, duplicates after a crash included, and, once it
 * ended, the result that was reported. A dispatch seen again reads it to resume a queue request or report the
 * result again instead of calling the vendor a second time.
 *
 * @param result     the attempt's result as published; {@code null} while the attempt runs
 * @param recordedAt when this version was written
 */
public record AttemptCalls(String jobId, int attempt, String provider, List<VendorCall> calls, AttemptResult result,
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

    AttemptCalls with(VendorCall call, Instant now) {
        List<VendorCall> all = new ArrayList<>(calls);
        all.add(call);
        return new AttemptCalls(jobId, attempt, provider, all, result, now);
    }

    AttemptCalls finished(AttemptResult finished, Instant now) {
        return new AttemptCalls(jobId, attempt, provider, calls, finished, now);
    }

    /** The latest queue request of the call that starts at {@code firstImage}, to resume. */
    Optional<String> resumableRequest(int firstImage) {
        for (int i = calls.size() - 1; i >= 0; i--) {
            VendorCall call = calls.get(i);
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
            VendorCall call = calls.get(i);
            if (!call.resumable() && !identifiedLater(call, i)) {
                lost.add(call.firstImage());
            }
        }
        return List.copyOf(lost);
    }

    private boolean identifiedLater(VendorCall call, int index) {
        for (int i = index + 1; i < calls.size(); i++) {
            VendorCall later = calls.get(i);
            if (later.firstImage() == call.firstImage()) {
                return later.resumable();
            }
        }
        return false;
    }

    /** Calls made that were never followed by a result: the vendor may have billed them (a crash lost the answer). */
    long callsWithoutResult() {
        return result == null ? calls.size() : 0;
    }
}
