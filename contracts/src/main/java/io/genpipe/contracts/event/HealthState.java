package io.genpipe.contracts.event;

/** What a worker instance says about its provider, from its circuit breaker. */
public enum HealthState {
    /** Calls go through (breaker closed). */
    UP,
    /** A few trial calls are let through to see whether the provider has recovered (breaker half-open). */
    PROBING,
    /** The provider is failing: send it no work (breaker open). */
    DOWN
}
