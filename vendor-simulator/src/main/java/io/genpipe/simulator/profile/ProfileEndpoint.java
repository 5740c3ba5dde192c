package io.genpipe.simulator.profile;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.http.Exchanges;
import io.genpipe.simulator.http.Json;
import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * {@code GET /__simulator/profile} shows the vendor's profile; {@code PUT} changes it, so an operator can
 * put a vendor into an outage while a local run is up. Not a vendor API: no key needed.
 */
public final class ProfileEndpoint implements HttpHandler {

    public static final String PATH = "/__simulator/profile";

    private final Vendor vendor;
    private final ProfileSwitch profile;
    private final LongSupplier requestCount;

    public ProfileEndpoint(Vendor vendor, ProfileSwitch profile, LongSupplier requestCount) {
        this.vendor = vendor;
        this.profile = profile;
        this.requestCount = requestCount;
    }

    @Override
    public void handle(HttpExchange exchange) {
        if (!PATH.equals(exchange.getRequestURI().getPath())) {
            Exchanges.sendJson(exchange, 404, Map.of("error", "not found; the control endpoint is " + PATH));
            return;
        }
        switch (exchange.getRequestMethod()) {
            case "GET" -> show(exchange, profile.current());
            case "PUT" -> change(exchange);
            default -> Exchanges.sendJson(exchange, 405, Map.of("error", "use GET or PUT"), Map.of("Allow", "GET, PUT"));
        }
    }

    private void change(HttpExchange exchange) {
        Optional<JsonNode> patch = Json.parse(Exchanges.readBody(exchange));
        if (patch.isEmpty()) {
            Exchanges.sendJson(exchange, 400, Map.of("error", "the body must be a JSON object"));
            return;
        }
        try {
            VendorProfile changed = profile.update(current -> ProfileJson.merge(current, patch.get()));
            show(exchange, changed);
        } catch (IllegalArgumentException invalid) {
            Exchanges.sendJson(exchange, 400, Map.of("error", invalid.getMessage()));
        }
    }

    private void show(HttpExchange exchange, VendorProfile shown) {
        Exchanges.sendJson(exchange, 200, ProfileJson.write(vendor, shown, requestCount.getAsLong()));
    }
}
