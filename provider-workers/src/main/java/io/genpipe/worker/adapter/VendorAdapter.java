package io.genpipe.worker.adapter;

import java.util.concurrent.CompletableFuture;

/**
 * Calls one provider's vendor API. Implementations never hold a thread while the vendor works: HTTP goes
 * through {@code HttpClient.sendAsync} and waiting is done by scheduling the next step, so thousands of calls
 * can be in flight on a handful of threads.
 *
 * <p>The returned future always completes normally: every vendor answer, transport error and time-out is
 * turned into a {@link GenerationResult} here, at the edge where it is understood.
 */
public interface VendorAdapter {

    CompletableFuture<GenerationResult> generate(GenerationRequest request);
}
