package io.genpipe.simulator.http;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** Reading requests and writing responses on a {@link HttpExchange}, from any thread. */
public final class Exchanges {

    private static final System.Logger LOG = System.getLogger(Exchanges.class.getName());
    /**
     * Edits and trainings carry input images and zips as data URIs or multipart files, as the vendors accept them
     * (OpenAI takes edits up to 50 MB): bodies up to this are read whole; beyond it is not a client we simulate for.
     */
    private static final int MAX_BODY_BYTES = 64 << 20;

    private Exchanges() {
    }

    public static byte[] readBody(HttpExchange exchange) {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES);
            in.transferTo(OutputStream.nullOutputStream());
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the request body", e);
        }
    }

    public static void sendJson(HttpExchange exchange, int status, Object body) {
        sendJson(exchange, status, body, Map.of());
    }

    public static void sendJson(HttpExchange exchange, int status, Object body, Map<String, String> headers) {
        send(exchange, status, "application/json", Json.write(body), headers);
    }

    /**
     * Writes the whole response and closes the exchange. Safe to call from a thread other than the one
     * that ran the handler: that is how delayed responses are completed without a thread per call.
     */
    public static void send(HttpExchange exchange, int status, String contentType, byte[] body,
                            Map<String, String> headers) {
        try (exchange) {
            headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException clientGone) {
            // The client hung up (timeout, cancelled call); nothing left to answer.
            LOG.log(System.Logger.Level.DEBUG, "response not delivered: {0}", clientGone.getMessage());
        }
    }

    /**
     * Scheme, host and port the client used to reach us, so URLs we hand out work through whatever
     * address the client used (127.0.0.1, localhost, a compose service name).
     */
    public static String origin(HttpExchange exchange, String fallback) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        return host == null || host.isBlank() ? fallback : "http://" + host;
    }
}
