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

    /**
     * The JDK server keeps at most 200 idle keep-alive connections (its default) and closes every connection
     * whose exchange ends past that. A client holding thousands of calls open (a worker with OpenAI's synchronous
     * calls in flight) then opens a new connection for nearly every call once a wave of answers has gone out, and
     * the closed ones pile up in TIME_WAIT. Read once, like {@link #NODELAY}; an explicit setting wins.
     */
    private static final String MAX_IDLE_CONNECTIONS = "sun.net.httpserver.maxIdleConnections";
    private static final int IDLE_CONNECTIONS = 10_000;

    /** Connections waiting to be accepted: a client may open a few thousand at once (the kernel caps it). */
    private static final int BACKLOG = 4096;

    private HttpServers() {
    }

    /** A bound, not yet started server whose handlers run on a small pool of daemon threads. */
    public static HttpServer bind(String host, int port, String name) {
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        if (System.getProperty(MAX_IDLE_CONNECTIONS) == null) {
            System.setProperty(MAX_IDLE_CONNECTIONS, Integer.toString(IDLE_CONNECTIONS));
        }
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), BACKLOG);
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
