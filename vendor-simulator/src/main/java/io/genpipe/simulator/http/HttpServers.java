package io.genpipe.simulator.http;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Creates the JDK HTTP servers the vendors run on. */
public final class HttpServers {

    /**
     * Handlers only parse, decide and answer (or hand the answer to the scheduler), so a few threads
     * serve any number of concurrent calls.
     */
    private static final int HANDLER_THREADS = 4;

    /**
     * The JDK server flushes response headers and body as two writes; without TCP_NODELAY, Nagle's
     * algorithm holds the body back until the client's delayed ACK, adding ~40 ms to every response,
     * which would swamp the latencies we simulate. The server reads this flag once, when its
     * configuration class loads, so it must be set before the first server in the JVM is created;
     * an explicit setting by the user wins.
     */
    private static final String NODELAY = "sun.net.httpserver.nodelay";

    private HttpServers() {
    }

    /** A bound, not yet started server whose handlers run on a small pool of daemon threads. */
    public static HttpServer bind(String host, int port, String name) {
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 256);
            server.setExecutor(Executors.newFixedThreadPool(HANDLER_THREADS, daemonThreads(name)));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind " + name + " to " + host + ":" + port, e);
        }
    }

    /** Stops accepting, closes open exchanges and stops the handler threads. */
    public static void stop(HttpServer server) {
        server.stop(0);
        if (server.getExecutor() instanceof ExecutorService executor) {
            executor.shutdownNow();
        }
    }

    /** The host as it goes in a URL: IPv6 literals need brackets. */
    public static String urlHost(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    public static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
