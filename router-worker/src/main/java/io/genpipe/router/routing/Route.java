package io.genpipe.router.routing;

/** The provider and model chosen for the next attempt, and why, in words an operator can read. */
public record Route(String provider, String model, String reason) {
}
