package io.genpipe.simulator.account;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.http.Exchanges;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /__simulator/counters} shows the vendor's {@link AccountCounters}, so a test in another process can
 * check them; {@code DELETE} resets them (as {@code VendorSimulator.resetCounters}) and shows the fresh values.
 * Not a vendor API: no key needed. Field names are camelCase, as on {@code /__simulator/profile}.
 */
public final class CountersEndpoint implements HttpHandler {

    public static final String PATH = "/__simulator/counters";

    private final Vendor vendor;
    private final Supplier<AccountCounters> counters;
    private final Runnable reset;

    public CountersEndpoint(Vendor vendor, Supplier<AccountCounters> counters, Runnable reset) {
        this.vendor = vendor;
        this.counters = counters;
        this.reset = reset;
    }

    @Override
    public void handle(HttpExchange exchange) {
        if (!PATH.equals(exchange.getRequestURI().getPath())) {
            Exchanges.sendJson(exchange, 404, Map.of("error", "not found; the counters are at " + PATH));
            return;
        }
        switch (exchange.getRequestMethod()) {
            case "GET" -> Exchanges.sendJson(exchange, 200, json(counters.get()));
            case "DELETE" -> {
                reset.run();
                Exchanges.sendJson(exchange, 200, json(counters.get()));
            }
            default -> Exchanges.sendJson(exchange, 405, Map.of("error", "use GET or DELETE"),
                    Map.of("Allow", "GET, DELETE"));
        }
    }

    /** A map rather than the record: the shared mapper would write record fields in snake_case. */
    private Map<String, Object> json(AccountCounters current) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("vendor", vendor.name());
        json.put("requestCount", current.requestCount());
        json.put("limitRefusals", current.limitRefusals());
        json.put("peakInProgress", current.peakInProgress());
        return json;
    }
}
