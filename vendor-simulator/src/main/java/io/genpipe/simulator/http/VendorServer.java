package io.genpipe.simulator.http;

import io.genpipe.simulator.account.AccountCounters;
import io.genpipe.simulator.image.PlaceholderImages;

import java.net.URI;

/** One simulated vendor API on its own HTTP server. */
public interface VendorServer extends AutoCloseable {

    /** The root a client configures as the vendor's base URL. */
    URI baseUrl();

    /** Generation calls received, whatever they were answered. */
    long requestCount();

    /** What the vendor's account has counted so far. */
    AccountCounters counters();

    /** Starts the resettable counters afresh; {@link #requestCount()} is never reset. */
    void resetCounters();

    /** Stops the server; calls still waiting for a delayed answer are dropped. */
    @Override
    void close();

    /** Binds and starts a vendor's server. */
    @FunctionalInterface
    interface Starter {
        VendorServer start(VendorWiring wiring, PlaceholderImages images);
    }
}
