package io.genpipe.simulator.ideogram;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.genpipe.simulator.http.Exchanges;
import io.genpipe.simulator.image.PlaceholderImages;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /files/{expiry}-{name}-{width}x{height}-{colour}.png}: the stand-in for Ideogram's image links, which
 * expire (vendor-apis.md: "download promptly"), drawn at the resolution answered. The expiry (epoch seconds), the size
 * and the colour are in the name, so files need no state; past its expiry, by the simulator's clock, a link answers 403 as an expired signed URL does [?].
 */
final class IdeogramFiles implements HttpHandler {

    static final String PATH = "/files/";
    /** How long a link works. Ideogram does not say [?]; an hour is what signed links commonly get. */
    static final Duration LIFETIME = Duration.ofHours(1);
    private static final Pattern NAME = Pattern.compile("/files/([0-9]{1,19})-[A-Za-z0-9_-]*?([0-9a-f]{6})\\.png");

    private final PlaceholderImages images;
    private final Clock clock;

    IdeogramFiles(PlaceholderImages images, Clock clock) {
        this.images = images;
        this.clock = clock;
    }

    static String name(Instant expiresAt, String id, int index, String prompt, int width, int height) {
        return PATH + expiresAt.getEpochSecond() + "-" + id + "-" + index + "-"
                + PlaceholderImages.fileName(width, height, prompt, index);
    }

    @Override
    public void handle(HttpExchange exchange) {
        Matcher name = NAME.matcher(exchange.getRequestURI().getPath());
        if (!exchange.getRequestMethod().equals("GET") || !name.matches()) {
            Exchanges.sendJson(exchange, 404, Map.of("error", "not found"));
            return;
        }
        if (!clock.instant().isBefore(Instant.ofEpochSecond(Long.parseLong(name.group(1))))) {
            Exchanges.sendJson(exchange, 403, Map.of("error", "this link has expired"));
            return;
        }
        images.named(name.group()).ifPresentOrElse(png -> Exchanges.send(exchange, 200, "image/png", png, Map.of()),
                () -> Exchanges.sendJson(exchange, 404, Map.of("error", "not found")));
    }
}
