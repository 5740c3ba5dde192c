package io.genpipe.router.streams;

import io.genpipe.contracts.event.AttemptResult;

/**
 * An attempt result that moved its job on (or a TIMEOUT the router recorded), passed from the routing task to the
 * provider's cooldown task. Results the router recognised as read before or stale are not passed on, so a
 * redelivery never counts twice against a provider.
 */
record CountedResult(AttemptResult result) {
}
