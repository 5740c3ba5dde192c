package io.genpipe.simulator.leonardo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.genpipe.simulator.http.Exchanges;
import io.genpipe.simulator.image.PlaceholderImages;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /files/{name}-{width}x{height}-{colour}.png}: the stand-in for {@code cdn.leonardo.ai}, drawn at the
 * generation's size. The size and colour are the end of the name, so files need no state. Public, as Leonardo's CDN links are: no key.
 */
final class LeonardoFiles implements HttpHandler {

    static final String PATH = "/files/";
    private static final Pattern NAME = Pattern.compile("/files/[A-Za-z0-9_-]*?([0-9a-f]{6})\\.png");

    private final PlaceholderImages images;

    LeonardoFiles(PlaceholderImages images) {
        this.images = images;
    }

    @Override
    public void handle(HttpExchange exchange) {
        Matcher name = NAME.matcher(exchange.getRequestURI().getPath());
        Optional<byte[]> png = name.matches() ? images.named(name.group()) : Optional.empty();
        if (!exchange.getRequestMethod().equals("GET") || png.isEmpty()) {
            Exchanges.sendJson(exchange, 404, Map.of("error", "not found"));
            return;
        }
        Exchanges.send(exchange, 200, "image/png", png.get(), Map.of("Cache-Control", "public, max-age=3600"));
    }
}
