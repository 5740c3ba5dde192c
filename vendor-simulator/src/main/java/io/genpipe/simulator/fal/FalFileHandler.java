package io.genpipe.simulator.fal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.genpipe.simulator.fal.FalBodies.Detail;
import io.genpipe.simulator.http.Exchanges;
import io.genpipe.simulator.image.PlaceholderImages;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /files/{name}-{width}x{height}-{colour}.png}: the simulator's stand-in for {@code *.fal.media}, drawn
 * at the size the request asked for. The size and colour are the end of the name, so files need no state and stay valid as long as clients keep the URL. Public, like
 * fal's media URLs: no key. A training's files ({@code {id}-lora.safetensors}, {@code {id}-config.json}) are the
 * same few bytes for every training: nothing reads their contents.
 */
final class FalFileHandler implements HttpHandler {

    static final String PATH = "/files/";
    static final String WEIGHTS_SUFFIX = "-lora.safetensors";
    static final String CONFIG_SUFFIX = "-config.json";
    /** A valid, empty safetensors file: an 8-byte little-endian header length, then the JSON header. */
    static final byte[] WEIGHTS = safetensors("{\"__metadata__\":{\"format\":\"pt\",\"simulated\":\"true\"}}");
    static final byte[] CONFIG = "{\"simulated\":true}".getBytes(StandardCharsets.UTF_8);

    private static final Pattern NAME = Pattern.compile("/files/[A-Za-z0-9_-]*?([0-9a-f]{6})\\.png");
    private static final Pattern TRAINING_FILE = Pattern.compile("/files/[A-Za-z0-9_-]+?(-lora\\.safetensors|-config\\.json)");

    private final PlaceholderImages images;

    FalFileHandler(PlaceholderImages images) {
        this.images = images;
    }

    @Override
    public void handle(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        Matcher name = NAME.matcher(path);
        Matcher training = TRAINING_FILE.matcher(path);
        if (!exchange.getRequestMethod().equals("GET")) {
            Exchanges.sendJson(exchange, 405, new Detail("Method Not Allowed"));
        } else if (name.matches() && images.named(path).isPresent()) {
            Exchanges.send(exchange, 200, "image/png", images.named(path).get(),
                    Map.of("Cache-Control", "public, max-age=3600"));
        } else if (training.matches()) {
            boolean weights = training.group(1).equals(WEIGHTS_SUFFIX);
            Exchanges.send(exchange, 200, weights ? "application/octet-stream" : "application/json",
                    weights ? WEIGHTS : CONFIG, Map.of("Cache-Control", "public, max-age=3600"));
        } else {
            Exchanges.sendJson(exchange, 404, new Detail("Not Found"));
        }
    }

    private static byte[] safetensors(String header) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + json.length).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).put(json).array();
    }
}
