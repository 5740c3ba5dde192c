package io.genpipe.worker.dispatch;

import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.catalog.CatalogProvider;
import io.genpipe.contracts.catalog.Size;
import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.AttemptSucceeded;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.Operation;
import io.genpipe.worker.adapter.CallJournal;
import io.genpipe.worker.adapter.GenerationRequest;
import io.genpipe.worker.adapter.GenerationResult;
import io.genpipe.worker.adapter.TransportFailures;
import io.genpipe.worker.adapter.VendorAdapter;
import io.genpipe.worker.health.ProviderCircuit;
import io.genpipe.worker.provider.LongCalls;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Makes one dispatched attempt on one provider and says how it ended: refused at once when its deadline has
 * passed, when it names a model the catalog does not list for the provider (or one that is shut down), or when the
 * provider's breaker is open; otherwise the vendor call under the breaker and the attempt timeout. The result
 * future never fails; every outcome is an attempt event.
 */
final class AttemptRunner {

    /**
     * Adapters end their own calls at the attempt timeout; this backstop, a little later, only guards against an
     * adapter that never completes, so that the record is acknowledged and the breaker hears of it.
     */
    private static final Duration BACKSTOP_GRACE = Duration.ofSeconds(5);


    private final CatalogProvider provider;
    private final VendorAdapter adapter;
    private final ProviderCircuit circuit;
    private final Duration attemptTimeout;
    private final ProgressPublisher progress;
    private final Clock clock;

    AttemptRunner(CatalogProvider provider, VendorAdapter adapter, ProviderCircuit circuit, Duration attemptTimeout,
                  ProgressPublisher progress, Clock clock) {
        this.provider = provider;
        this.adapter = adapter;
        this.circuit = circuit;
        this.attemptTimeout = attemptTimeout;
        this.progress = progress;
        this.clock = clock;
    }

    CompletableFuture<AttemptResult> run(AttemptDispatched dispatch, CallJournal journal) {
        Instant now = clock.instant();
        if (dispatch.deadline() != null && !now.isBefore(dispatch.deadline())) {
            return refused(dispatch, FailureClass.TIMEOUT, "deadline passed before the call", now);
        }
        Optional<CatalogModel> model = provider.model(dispatch.model());
        if (model.isEmpty()) {
            // The router only dispatches what the catalog lists: another catalog, or a hand-made dispatch.
            return refused(dispatch, FailureClass.INVALID_REQUEST, "model '" + dispatch.model()
                    + "' is not in the catalog for provider " + provider.name(), now);
        }
        if (model.get().lifecycle().isShutDown(LocalDate.ofInstant(now, ZoneOffset.UTC))) {
            return refused(dispatch, FailureClass.INVALID_REQUEST, model.get().lifecycle().shutDownReason(), now);
        }
        long started = System.nanoTime();
        // The calls (retries included) end by the dispatch's deadline: past it the router has given the attempt up
        // as TIMEOUT and may have re-routed it, so a later answer would only make a duplicate.
        Duration longest = longestCall(model.get());
        Duration timeout = longest;
        if (dispatch.deadline() != null && Duration.between(now, dispatch.deadline()).compareTo(timeout) < 0) {
            timeout = Duration.between(now, dispatch.deadline());
        }
        GenerationRequest request = GenerationRequest.of(dispatch, model.get(), timeout, journal,
                progress == null ? null : progress.of(dispatch));
        long backstopMillis = longest.plus(BACKSTOP_GRACE).toMillis();
        boolean longRunning = longest.compareTo(attemptTimeout) > 0;
        return circuit.call(dispatch.jobId(), dispatch.attempt(), longRunning, () -> SplitCalls.generate(adapter, request)
                        .completeOnTimeout(TransportFailures.timedOut(longest), backstopMillis, TimeUnit.MILLISECONDS))
                .thenApply(result -> event(dispatch, result, elapsedMillis(started)));
    }

    /**
     * What the catalog expects calls of this attempt that lost their answers to have cost, each priced from what it
     * asked: the images from {@code firstImage} on that one call makes. Empty when any of them cannot be priced in
     * advance (per GPU second, or a model the catalog no longer lists): unknown, never zero.
     */
    Optional<Usd> expectedCost(AttemptDispatched dispatch, List<Integer> lostCallImages) {
        if (lostCallImages.isEmpty()) {
            return Optional.empty();
        }
        Optional<CatalogModel> model = provider.model(dispatch.model());
        if (model.isEmpty()) {
            return Optional.empty();
        }
        ImageParams params = dispatch.params();
        int perCall = dispatch.job().operation() == Operation.MODEL_TRAINING ? params.count()
                : model.get().capabilities().maxImages();
        int promptLength = dispatch.job().prompt() == null ? 0 : dispatch.job().prompt().length();
        Usd total = Usd.ZERO;
        for (int first : lostCallImages) {
            int images = Math.max(1, Math.min(perCall, params.count() - first));
            Optional<Usd> call = model.get().estimate(new Size(params.width(), params.height()), images, promptLength);
            if (call.isEmpty()) {
                return Optional.empty();
            }
            total = total.plus(call.get());
        }
        return Optional.of(total);
    }

    /** The provider's attempt timeout, or longer for a model whose calls run for minutes ({@link LongCalls}). */
    private Duration longestCall(CatalogModel model) {
        return LongCalls.longest(model, attemptTimeout);
    }

    /** An attempt that ends before any vendor call: nothing was billed. */
    private static CompletableFuture<AttemptResult> refused(AttemptDispatched dispatch, FailureClass failureClass,
                                                            String reason, Instant now) {
        return CompletableFuture.completedFuture(dispatch.failed(failureClass, reason, BigDecimal.ZERO, 0, now));
    }

    private static long elapsedMillis(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    private AttemptResult event(AttemptDispatched dispatch, GenerationResult result, long latencyMs) {
        Instant now = clock.instant();
        if (result instanceof GenerationResult.Generated generated) {
            AttemptSucceeded succeeded = dispatch.succeeded(generated.images(), usd(generated.cost()), latencyMs, now);
            return generated.trainedModel() == null ? succeeded : succeeded.withTrainedModel(generated.trainedModel());
        }
        GenerationResult.Failed failed = (GenerationResult.Failed) result;
        return dispatch.failed(failed.failureClass(), failed.reason(), usd(failed.cost()), latencyMs, now);
    }

    /** The wire's amount, without trailing zeros; null stays null: an unknown cost is not zero. */
    private static BigDecimal usd(Usd cost) {
        return cost == null ? null : cost.plain();
    }
}
