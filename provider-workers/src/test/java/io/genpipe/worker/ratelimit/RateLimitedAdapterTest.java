package io.genpipe.worker.ratelimit;

import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.worker.ManualScheduler;
import io.genpipe.worker.TestCatalog;
import io.genpipe.worker.adapter.CallJournal;
import io.genpipe.worker.adapter.GenerationRequest;
import io.genpipe.worker.adapter.GenerationResult;
import io.genpipe.worker.journal.AttemptJournals;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitedAdapterTest {

    private final ManualScheduler scheduler = new ManualScheduler();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    /** What each call the vendor got was sent: its time limit, and the request it resumed. */
    private final List<Duration> timeouts = new ArrayList<>();
    private final List<Optional<String>> resumed = new ArrayList<>();
    private final List<CompletableFuture<GenerationResult>> open = new ArrayList<>();

    private RateLimitedAdapter adapter(CallGate gate) {
        return new RateLimitedAdapter("fal", request -> {
            timeouts.add(request.timeout());
            resumed.add(request.journal().submittedRequest(request.firstImage()));
            CompletableFuture<GenerationResult> call = new CompletableFuture<>();
            open.add(call);
            return call;
        }, gate, new RateLimitMeters(registry));
    }

    private CallGate gate(Integer concurrency, Integer requestsPerMinute) {
        CallGate gate = new CallGate(concurrency, requestsPerMinute, scheduler, scheduler::nanoTime);
        gate.share(1.0);
        return gate;
    }

    @Test
    void aCallThatWaitedIsSentWhatIsLeftOfItsTime() {
        RateLimitedAdapter adapter = adapter(gate(1, null));
        adapter.generate(request(Duration.ofSeconds(10), CallJournal.NONE));
        CompletableFuture<GenerationResult> second = adapter.generate(request(Duration.ofSeconds(10),
                CallJournal.NONE));

        scheduler.advance(3, TimeUnit.SECONDS);
        open.get(0).complete(new GenerationResult.Generated(List.of(), Usd.ZERO));
        scheduler.advance(0, TimeUnit.SECONDS);

        assertThat(timeouts).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(7));
        assertThat(second).isNotDone();
        assertThat(registry.get("genpipe.worker.rate-limit.wait").tag("outcome", "admitted").timer().count())
                .isEqualTo(1);
    }

    @Test
    void aCallWhoseTimeRunsOutWhileWaitingEndsRateLimitedWithoutAVendorCall() {
        RateLimitedAdapter adapter = adapter(gate(1, null));
        adapter.generate(request(Duration.ofSeconds(10), CallJournal.NONE));
        CompletableFuture<GenerationResult> late = adapter.generate(request(Duration.ofSeconds(2), CallJournal.NONE));

        scheduler.advance(2, TimeUnit.SECONDS);

        GenerationResult.Failed failed = (GenerationResult.Failed) late.join();
        assertThat(failed.failureClass()).isEqualTo(FailureClass.RATE_LIMITED);
        assertThat(failed.cost()).isEqualTo(Usd.ZERO);
        assertThat(failed.reason()).contains("the vendor was not called");
        assertThat(timeouts).hasSize(1);
    }

    @Test
    void aResumedRequestStartsWithoutATokenAndTheAdapterStillResumesIt() {
        RateLimitedAdapter adapter = adapter(gate(null, 60)); // one start a second, a burst of 1
        adapter.generate(request(Duration.ofSeconds(10), CallJournal.NONE)); // takes the token

        adapter.generate(request(Duration.ofSeconds(10), AttemptJournals.resuming(0, "req-a")));

        assertThat(resumed).containsExactly(Optional.empty(), Optional.of("req-a"));
    }

    private static GenerationRequest request(Duration timeout, CallJournal journal) {
        return new GenerationRequest("job-1", 1, TestCatalog.flux(), "a lighthouse", ImageParams.defaults(), timeout,
                0, journal);
    }
}
