package io.genpipe.worker.ratelimit;

import io.genpipe.contracts.event.FailureClass;
import io.genpipe.worker.adapter.GenerationRequest;
import io.genpipe.worker.adapter.GenerationResult;
import io.genpipe.worker.adapter.VendorAdapter;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Each vendor call of a provider passes its {@link CallGate} first, retries included (they sit outside this), so
 * what reaches the vendor stays within this instance's part of the account's limits. A call that only resumes a
 * journaled queue request takes a place among the calls in progress but no new start. Waiting uses the call's own
 * time: it is sent what is left, and if nothing is, it ends RATE_LIMITED without a vendor call.
 */
final class RateLimitedAdapter implements VendorAdapter {

    private final String provider;
    private final VendorAdapter delegate;
    private final CallGate gate;
    private final RateLimitMeters meters;

    RateLimitedAdapter(String provider, VendorAdapter delegate, CallGate gate, RateLimitMeters meters) {
        this.provider = provider;
        this.delegate = delegate;
        this.gate = gate;
        this.meters = meters;
    }

    @Override
    public CompletableFuture<GenerationResult> generate(GenerationRequest request) {
        // Asked without taking the resume: the adapter must still find it.
        boolean resumes = request.journal().resumes(request.firstImage());
        return gate.enter(!resumes, request.timeout()).thenCompose(admission -> {
            meters.waited(provider, admission);
            if (admission instanceof Admission.Admitted admitted) {
                return call(request, admitted);
            }
            return CompletableFuture.completedFuture(GenerationResult.Failed.of(FailureClass.RATE_LIMITED,
                    "waited " + admission.waited().toMillis() + " ms for a turn within " + provider
                            + "'s account limits and the call's time ran out; the vendor was not called"));
        });
    }

    private CompletableFuture<GenerationResult> call(GenerationRequest request, Admission.Admitted admitted) {
        Duration left = request.timeout().minus(admitted.waited());
        CompletableFuture<GenerationResult> call;
        try {
            call = delegate.generate(admitted.waited().isZero() ? request : request.withTimeout(
                    left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left));
        } catch (RuntimeException e) {
            admitted.release().run();
            throw e; // the breaker makes it INTERNAL_ERROR
        }
        return call.whenComplete((result, error) -> admitted.release().run());
    }
}
