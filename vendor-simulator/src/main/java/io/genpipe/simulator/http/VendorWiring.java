package io.genpipe.simulator.http;

import io.genpipe.simulator.profile.Chance;
import io.genpipe.simulator.profile.ProfileSwitch;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What one vendor server needs from the simulator that hosts it.
 *
 * @param host      address to bind and to name in URLs
 * @param port      port to bind; 0 picks a free one
 * @param apiKey    the only accepted key, or null for any; never logged
 * @param profile   the vendor's current behaviour, switchable at runtime
 * @param chance    the vendor's seeded random draws
 * @param clock     time source for request ages and timestamps
 * @param scheduler completes delayed work (responses, expiry) without a thread per request
 */
public record VendorWiring(String host, int port, String apiKey, ProfileSwitch profile, Chance chance,
                           Clock clock, ScheduledExecutorService scheduler) {

    @Override
    public String toString() {
        return "VendorWiring[host=" + host + ", port=" + port + ", apiKey=" + (apiKey == null ? "any" : "***") + "]";
    }
}
