package io.genpipe.worker.health;

import java.util.OptionalInt;

/**
 * How many vendor calls this instance could start now for a provider within its part of the vendor account's
 * limits, as its health reports say. Rate limiting answers; health only reads, so it does not depend on it.
 */
@FunctionalInterface
public interface LimitHeadroom {

    /** Nothing known: the catalog gives no limits. */
    LimitHeadroom UNKNOWN = provider -> OptionalInt.empty();

    /** Calls that could start at once; empty when no limit is known, which is not the same as unlimited. */
    OptionalInt headroom(String provider);
}
