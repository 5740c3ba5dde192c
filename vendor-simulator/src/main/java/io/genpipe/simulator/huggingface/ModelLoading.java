package io.genpipe.simulator.huggingface;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Cold starts, as hf-inference had them: a model that is not loaded answers 503 "currently loading" with an
 * {@code estimated_time} until it is. Which calls find a model cold is chosen by a prompt marker, so tests sharing
 * one simulator stay independent: the first call of a prompt with {@link #COLD_MARKER} starts a load of
 * {@link #LOAD_TIME} for that model and prompt, and every call of that prompt to that model waits for it.
 * Time is the simulator's clock. Thread-safe.
 */
final class ModelLoading {

    static final String COLD_MARKER = "[cold]";
    static final Duration LOAD_TIME = Duration.ofSeconds(1);
    /** Loads are forgotten in the order they started past this many: enough for any test run. */
    private static final int MAX_TRACKED = 10_000;

    private final Clock clock;
    private final Map<String, Instant> loadedAt = new LinkedHashMap<>();

    ModelLoading(Clock clock) {
        this.clock = clock;
    }

    /** How long the model still loads for this call; empty when it is ready. */
    synchronized Optional<Duration> remaining(String model, String prompt) {
        if (!prompt.contains(COLD_MARKER)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String key = model + "\n" + prompt;
        Instant ready = loadedAt.get(key);
        if (ready == null) {
            if (loadedAt.size() >= MAX_TRACKED) {
                loadedAt.remove(loadedAt.keySet().iterator().next());
            }
            ready = now.plus(LOAD_TIME);
            loadedAt.put(key, ready);
        }
        return ready.isAfter(now) ? Optional.of(Duration.between(now, ready)) : Optional.empty();
    }
}
