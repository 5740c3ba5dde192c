package io.genpipe.router.streams;

import io.genpipe.contracts.event.AttemptDispatched;

/**
 * A dispatch to a provider that is probing after a cooldown, on its way to the one task that owns the provider's
 * standing ({@link CooldownProcessor}), keyed by provider: that task lets one probe through per probing period,
 * whichever router instance decided it, and refuses the others.
 */
record ProbeClaim(AttemptDispatched dispatch) {
}
