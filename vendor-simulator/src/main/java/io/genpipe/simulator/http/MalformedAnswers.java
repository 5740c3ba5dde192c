package io.genpipe.simulator.http;

import com.sun.net.httpserver.HttpExchange;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The answer of the profile's {@code malformedRate}: a 200 whose body is not the vendor's shape. JSON vendors get an
 * object cut off in the middle, as a proxy that lost the connection's tail hands it on; vendors that answer image
 * bytes get bytes that are no image. Both carry the success's content type, so only the body tells.
 */
public final class MalformedAnswers {

    static final byte[] JSON = "{\"simulated\":\"a malformed answer, cut off here".getBytes(StandardCharsets.UTF_8);
    static final byte[] NOT_AN_IMAGE = "not an image: the vendor simulator's malformed answer"
            .getBytes(StandardCharsets.UTF_8);

    private MalformedAnswers() {
    }

    public static void sendJson(HttpExchange exchange, Map<String, String> headers) {
        Exchanges.send(exchange, 200, "application/json", JSON, headers);
    }

    public static void sendImage(HttpExchange exchange, Map<String, String> headers) {
        Exchanges.send(exchange, 200, "image/png", NOT_AN_IMAGE, headers);
    }
}
