package io.genpipe.ingress.health;

import io.genpipe.messaging.health.ProviderHealthView;
import io.genpipe.messaging.health.ProviderHealthView.ProviderStatus;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** What the workers say about each provider now, read once per provider per answer. */
@Component
public class LiveHealth {

    private final ProviderHealthView view;
    private final Clock clock;

    public LiveHealth(ProviderHealthView view, Clock clock) {
        this.view = view;
        this.clock = clock;
    }

    /**
     * A reading taken at one instant: an answer that lists many models of one provider shows that provider one
     * way throughout, even while a report arrives or expires.
     */
    public HealthReading read() {
        Instant now = clock.instant();
        Map<String, ProviderStatus> seen = new HashMap<>();
        return provider -> seen.computeIfAbsent(provider, name -> view.status(name, now));
    }

    /** A provider's status in one reading. Not thread-safe: one per answer. */
    @FunctionalInterface
    public interface HealthReading {
        ProviderStatus status(String provider);
    }
}
