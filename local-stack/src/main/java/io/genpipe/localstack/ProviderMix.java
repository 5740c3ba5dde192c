package io.genpipe.localstack;

import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.contracts.catalog.CatalogProvider;
import io.genpipe.contracts.event.Operation;
import io.genpipe.simulator.Vendor;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which catalog providers a local run serves, and where each one's calls go. By default every provider is served and
 * sent to the vendor simulator with a placeholder key. A provider named in {@code --real} keeps the catalog's own base
 * URL, and the workers read its key from the provider's {@code api-key-env} variable (FAL_KEY, ...) in their own
 * environment, as deployed: the local run never reads the key's value, passes it on or prints it. Like any worker, one
 * without its key runs the provider DOWN with one log line, and the router routes around it. {@code --providers}
 * serves only the providers it names ({@code genpipe.workers.serve}); the others have no live worker, so the router
 * passes over them and {@code GET /v1/models} lists their models as unavailable.
 */
final class ProviderMix {

    private final Catalog catalog;
    private final List<String> serve;
    private final Set<String> real;

    private ProviderMix(Catalog catalog, List<String> serve, Set<String> real) {
        this.catalog = catalog;
        this.serve = List.copyOf(serve);
        this.real = Set.copyOf(real);
    }

    /**
     * The mix the options ask for, checked against the catalog before anything starts.
     *
     * @throws IllegalArgumentException naming the option at fault: a name the catalog does not have (with the names it
     *                                  has), a real provider that is not served, a real provider whose key variable a
     *                                  simulated one also reads, {@code --fal-outage} with fal not on the simulator, or
     *                                  the demo with no provider of the text-to-image route served
     */
    static ProviderMix of(Catalog catalog, LocalRunOptions options) {
        requireKnown(catalog, "--providers", options.providers());
        requireKnown(catalog, "--real", options.real());
        Set<String> served = new LinkedHashSet<>(options.providers().isEmpty()
                ? catalog.providers().keySet() : options.providers());
        for (String name : options.real()) {
            if (!served.contains(name)) {
                throw new IllegalArgumentException("--real=" + name + ": " + name + " is not served (--providers="
                        + String.join(",", options.providers()) + ")");
            }
        }
        // Catalog order, so that the workers' groups, the banner and genpipe.workers.serve read alike.
        List<String> serve = options.providers().isEmpty() ? List.of()
                : catalog.providers().keySet().stream().filter(served::contains).toList();
        ProviderMix mix = new ProviderMix(catalog, serve, new LinkedHashSet<>(options.real()));
        mix.requireOwnKeyVariables();
        if (options.falOutage() && !mix.onSimulator("fal")) {
            throw new IllegalArgumentException("--fal-outage puts the fal simulator in an outage, but fal is "
                    + (mix.isReal("fal") ? "sent to the real vendor (--real)" : "not served (--providers)"));
        }
        List<String> demoRoute = catalog.route(Operation.TEXT_TO_IMAGE).stream()
                .map(entry -> entry.provider().name()).distinct().toList();
        if (options.demo() && demoRoute.stream().noneMatch(mix::isServed)) {
            throw new IllegalArgumentException("the demo's portraits go by the text-to-image route (" + demoRoute
                    + "), and --providers serves none of them: serve one, or add --no-demo");
        }
        return mix;
    }

    /**
     * For {@code genpipe.workers.serve}: the providers the workers run, in catalog order; empty when they run every
     * one (the workers' own default).
     */
    List<String> serve() {
        return serve;
    }

    /** The providers sent to the vendor itself, whose workers read the key from their own environment. */
    Set<String> real() {
        return real;
    }

    boolean isServed(String provider) {
        return catalog.providers().containsKey(provider) && (serve.isEmpty() || serve.contains(provider));
    }

    boolean isReal(String provider) {
        return real.contains(provider);
    }

    /** Served, on the simulator: the local run may shape its simulator's profile (latency, outage). */
    boolean onSimulator(String provider) {
        return isServed(provider) && !isReal(provider);
    }

    /**
     * The base URL of every provider that is not real: its vendor's server of the simulator ({@link SimulatedProviders}).
     * A real provider is left out, and keeps the catalog's URL.
     */
    Map<String, URI> simulatorBaseUrls(Map<Vendor, URI> simulator) {
        Map<String, URI> urls = new LinkedHashMap<>(SimulatedProviders.baseUrls(catalog, simulator));
        urls.keySet().removeAll(real);
        return urls;
    }

    /**
     * What the start-up banner says of each served provider: where it is, and for a real one the variable its key
     * is read from and whether that is set (never the key). The providers not served are named on one line.
     *
     * @param baseUrls   each provider's base URL where it is not the catalog's (as {@link #simulatorBaseUrls})
     * @param variableSet whether a variable is set in the workers' environment
     */
    List<String> describe(Map<String, URI> baseUrls, Predicate<String> variableSet) {
        List<String> lines = new ArrayList<>();
        List<String> notServed = new ArrayList<>();
        for (CatalogProvider provider : catalog.providers().values()) {
            String name = provider.name();
            if (!isServed(name)) {
                notServed.add(name);
            } else if (isReal(name)) {
                String variable = provider.apiKeyEnv();
                lines.add(String.format("%-16s %s   (the real vendor; %s)", name,
                        baseUrls.getOrDefault(name, provider.baseUrl()), variableSet.test(variable)
                                ? "key from " + variable
                                : variable + " is not set: " + name + " reports DOWN and jobs go elsewhere"));
            } else {
                lines.add(String.format("%-16s %s", name + " simulator", baseUrls.getOrDefault(name, provider.baseUrl())));
            }
        }
        if (!notServed.isEmpty()) {
            lines.add(String.format("%-16s %s   (--providers)", "not served", String.join(", ", notServed)));
        }
        return lines;
    }

    private static void requireKnown(Catalog catalog, String option, List<String> names) {
        for (String name : names) {
            if (!catalog.providers().containsKey(name)) {
                throw new IllegalArgumentException(option + ": '" + name + "' is not a provider of the catalog; it has "
                        + String.join(", ", catalog.providers().keySet()));
            }
        }
    }

    /**
     * A simulated provider gets the simulator's placeholder key in its variable, which the workers read for every
     * provider that names it: a real provider sharing that variable would send the placeholder to its vendor.
     */
    private void requireOwnKeyVariables() {
        for (String name : real) {
            String variable = catalog.providers().get(name).apiKeyEnv();
            catalog.providers().values().stream()
                    .filter(other -> !isReal(other.name()) && other.apiKeyEnv().equals(variable))
                    .findFirst()
                    .ifPresent(other -> {
                        throw new IllegalArgumentException("--real=" + name + ": its key variable " + variable
                                + " is also " + other.name() + "'s, which runs on the simulator; name both in --real");
                    });
        }
    }
}
