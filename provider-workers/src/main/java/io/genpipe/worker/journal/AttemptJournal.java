package io.genpipe.worker.journal;

import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.VendorCall;
import io.genpipe.worker.adapter.CallJournal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * The journal of one running attempt, as its adapter sees it ({@link CallJournal}): each vendor call is appended to
 * the attempt's record and written at once, without holding the call up; {@link #finish} writes the result and
 * completes when that and every earlier write are on the broker, which is when the dispatch may be committed.
 */
public final class AttemptJournal implements CallJournal {

    private final VendorRequestJournal journal;
    private final String provider;
    private final int partition;
    private final String instance;
    private final Clock clock;
    private final List<CompletableFuture<Void>> writes = new ArrayList<>();
    /** What earlier runs recorded: each of their requests is resumed once, by this run's first try of that call. */
    private final AttemptCalls earlier;
    private final Set<Integer> resumed = new HashSet<>();
    /** This run's answers, by the first image of their call: their cost, empty when unknown. */
    private final Map<Integer, Optional<Usd>> answered = new HashMap<>();
    private AttemptCalls current;

    AttemptJournal(VendorRequestJournal journal, String provider, int partition, AttemptCalls known, String instance,
                   Clock clock) {
        this.journal = journal;
        this.provider = provider;
        this.partition = partition;
        this.earlier = known;
        this.current = known;
        this.instance = instance;
        this.clock = clock;
    }

    @Override
    public synchronized Optional<String> submittedRequest(int firstImage) {
        // A retry within this run wants a new request: the one it retries failed.
        return resumed.add(firstImage) ? earlier.resumableRequest(firstImage) : Optional.empty();
    }

    @Override
    public synchronized boolean resumes(int firstImage) {
        return !resumed.contains(firstImage) && earlier.resumableRequest(firstImage).isPresent();
    }

    @Override
    public void submitted(int firstImage, String requestId) {
        append(new JournaledCall(firstImage, requestId, instance, clock.instant()));
    }

    @Override
    public void calling(int firstImage) {
        append(new JournaledCall(firstImage, null, instance, clock.instant()));
    }

    @Override
    public synchronized void answered(int firstImage, Usd cost) {
        answered.put(firstImage, Optional.ofNullable(cost));
    }

    /**
     * Every vendor call of the attempt so far, earlier runs' included, as its result reports them; a lost call at the
     * cost the catalog {@code expected} of it (empty: unknown).
     */
    public synchronized List<VendorCall> report(IntFunction<Optional<Usd>> expected) {
        return current.report(earlier.calls().size(), Map.copyOf(answered), expected);
    }

    /** Records the result; the future completes once it and every call recorded before it are durable. */
    public CompletableFuture<Void> finish(AttemptResult result) {
        List<CompletableFuture<Void>> all;
        synchronized (this) {
            current = current.finished(result, clock.instant());
            writes.add(journal.write(provider, partition, current));
            all = List.copyOf(writes);
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    private synchronized void append(JournaledCall call) {
        current = current.with(call, clock.instant());
        writes.add(journal.write(provider, partition, current));
    }
}
