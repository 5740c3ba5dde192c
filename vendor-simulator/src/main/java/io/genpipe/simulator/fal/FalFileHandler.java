package io.genpipe.simulator.fal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.genpipe.simulator.fal.FalBodies.Detail;
import io.genpipe.simulator.http.Exchanges;
import io.genpipe.simulator.image.PlaceholderImages;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /files/{name}.png}: the simulator's stand-in for {@code *.fal.media}. The colour is the last
 * part of the name, so files need no state and stay valid as long as clients keep the URL. Public, like
 * fal's media URLs: no key.
 */
final class FalFileHandler implements HttpHandler {

    static final String PATH = "/files/";
    private static final Pattern NAME = Pattern.compile("/files/[A-Za-z0-9_-]*?([0-9a-f]{6})\\.png");

    private final PlaceholderImages images;

    FalFileHandler(PlaceholderImages images) {
        this.images = images;
    }

    @Override
    public void handle(HttpExchange exchange) {
        Matcher name = NAME.matcher(exchange.getRequestURI().getPath());
        if (!exchange.getRequestMethod().equals("GET")) {
            Exchanges.sendJson(exchange, 405, new Detail("Method Not Allowed"));
        } else if (!name.matches()) {
            Exchanges.sendJson(exchange, 404, new Detail("Not Found"));
        } else {
            byte[] png = images.png(Integer.parseInt(name.group(1), 16));
            Exchanges.send(exchange, 200, "image/png", png, Map.of("Cache-Control", "public, max-age=3600"));
        }
    }
}
