package io.genpipe.sink.webhooks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A webhook receiver on 127.0.0.1: records every request by its path and answers each path with the statuses it was
 * told, in order, then 200.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One request as it arrived: the headers this test reads, and the body's bytes. */
    record Received(String signature, String deliveryId, String eventId, String attempt, String contentType,
                    String traceparent, byte[] body) {
    }

    private final HttpServer server;
    private final Map<String, List<Received>> received = new ConcurrentHashMap<>();
    private final Map<String, Deque<Integer>> answers = new ConcurrentHashMap<>();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The URL of a path of its own, answered {@code statuses} first. */
    String url(String path, Integer... statuses) {
        answers.put(path, new ConcurrentLinkedDeque<>(List.of(statuses)));
        return "http://127.0.0.1:" + server.getAddress().getPort() + path + "?token=s3cret";
    }

    List<Received> received(String path) {
        return new ArrayList<>(received.getOrDefault(path, List.of()));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String path = exchange.getRequestURI().getPath();
            var headers = exchange.getRequestHeaders();
            received.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(new Received(
                    headers.getFirst("Genpipe-Signature"), headers.getFirst("Genpipe-Delivery"),
                    headers.getFirst("Genpipe-Event-Id"), headers.getFirst("Genpipe-Attempt"),
                    headers.getFirst("Content-Type"), headers.getFirst("traceparent"), in.readAllBytes()));
            Integer status = answers.getOrDefault(path, new ConcurrentLinkedDeque<>()).poll();
            exchange.sendResponseHeaders(status == null ? 200 : status, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
