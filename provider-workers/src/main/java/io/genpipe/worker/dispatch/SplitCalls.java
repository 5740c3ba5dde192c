package io.genpipe.worker.dispatch;

import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.ImageRef;
import io.genpipe.contracts.event.Operation;
import io.genpipe.worker.adapter.GenerationRequest;
import io.genpipe.worker.adapter.GenerationResult;
import io.genpipe.worker.adapter.VendorAdapter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An attempt for more images than its model makes in one call, made as several calls at once (the router's plan
 * says so: "8 images made in 2 calls"). It succeeds when every call does, with their images in order. It fails when
 * any call fails, with that failure's class; either way it costs what every call cost, the successful calls of a
 * failed attempt included, since the vendor bills them: the sum is unknown if any call's cost is.
 */
final class SplitCalls {

    private SplitCalls() {
    }

    static CompletableFuture<GenerationResult> generate(VendorAdapter adapter, GenerationRequest request) {
        int perCall = request.model().capabilities().maxImages();
        int count = request.params().count();
        if (count <= perCall || request.operation() == Operation.MODEL_TRAINING) {
            return answered(adapter, request);
        }
        List<CompletableFuture<GenerationResult>> calls = new ArrayList<>();
        for (int first = 0; first < count; first += perCall) {
            calls.add(answered(adapter, request.part(first, Math.min(perCall, count - first))));
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
                .thenApply(done -> combine(calls.stream().map(CompletableFuture::join).toList()));
    }

    /** One call, its answer told to the journal: which of the calls it recorded the vendor bills, and for what. */
    private static CompletableFuture<GenerationResult> answered(VendorAdapter adapter, GenerationRequest call) {
        return adapter.generate(call).thenApply(result -> {
            call.recordAnswered(result.cost());
            return result;
        });
    }

    static GenerationResult combine(List<GenerationResult> results) {
        Usd cost = Usd.ZERO;
        List<ImageRef> images = new ArrayList<>();
        for (GenerationResult result : results) {
            cost = cost == null || result.cost() == null ? null : cost.plus(result.cost());
            if (result instanceof GenerationResult.Generated generated) {
                images.addAll(generated.images());
            }
        }
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) instanceof GenerationResult.Failed failed) {
                // The vendor's word on waiting stays with the failure: the breaker holds for it.
                return new GenerationResult.Failed(failed.failureClass(),
                        "call " + (i + 1) + " of " + results.size() + ": " + failed.reason(), cost,
                        failed.retryAfter(), failed.doNotRetry());
            }
        }
        return new GenerationResult.Generated(images, cost);
    }
}
