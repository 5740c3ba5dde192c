package io.genpipe.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Asks the OS for a port that is free right now on one address. */
final class FreePorts {

    private FreePorts() {
    }

    /**
     * Returns {@code requested} unless it is 0, in which case a currently free port on {@code host}. The port is
     * released before it is used, so another process could take it in between; for tests on one machine that
     * window is acceptable, and it is the price of knowing the port before the server starts (KRaft needs the
     * controller's address in its configuration).
     */
    static int resolve(String host, int requested) {
        if (requested != 0) {
            return requested;
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host, e);
        }
    }
}
