package io.genpipe.worker.health;

/**
 * How many vendor calls this instance has in progress for a provider, as its health reports say (the router
 * weighs providers by load with it). Dispatch counts them; health only reads, so it does not depend on dispatch.
 */
@FunctionalInterface
public interface InFlightCounts {

    /** Calls in progress for the provider now; 0 for one with none (or one this instance does not serve). */
    int inFlight(String provider);
}
