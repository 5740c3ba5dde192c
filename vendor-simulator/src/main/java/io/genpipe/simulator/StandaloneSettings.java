package io.genpipe.simulator;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Settings of a standalone run. Each setting is a system property, else an environment variable, else a default;
 * per vendor (each {@link Vendor#id()}: {@code fal}, {@code openai}, {@code stability}, {@code huggingface},
 * {@code leonardo}, {@code ideogram}, {@code replicate}, {@code google}):
 * <pre>
 * simulator.host           SIMULATOR_HOST           127.0.0.1
 * simulator.&lt;vendor&gt;.port  SIMULATOR_&lt;VENDOR&gt;_PORT  fal 9101, openai 9102, stability 9103, huggingface 9104,
 *                                                        leonardo 9107, ideogram 9108, replicate 9115, google 9117
 * simulator.&lt;vendor&gt;.key   SIMULATOR_&lt;VENDOR&gt;_KEY   (unset: any key)
 * simulator.seed           SIMULATOR_SEED           SimulatorSettings.DEFAULT_SEED
 * </pre>
 */
final class StandaloneSettings {

    /** The ports local runs and the README use. */
    static final Map<Vendor, Integer> DEFAULT_PORTS = Map.of(Vendor.FAL, 9101, Vendor.OPENAI, 9102,
            Vendor.STABILITY, 9103, Vendor.HUGGINGFACE, 9104, Vendor.LEONARDO, 9107, Vendor.IDEOGRAM, 9108,
            Vendor.REPLICATE, 9115, Vendor.GOOGLE, 9117);

    private StandaloneSettings() {
    }

    static SimulatorSettings read(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        Source source = new Source(properties, environment);
        SimulatorSettings defaults = SimulatorSettings.defaults();
        Map<Vendor, Integer> ports = new EnumMap<>(Vendor.class);
        Map<Vendor, String> keys = new EnumMap<>(Vendor.class);
        for (Vendor vendor : Vendor.values()) {
            String property = "simulator." + vendor.id() + ".";
            String variable = "SIMULATOR_" + vendor.id().toUpperCase(Locale.ROOT) + "_";
            ports.put(vendor, Integer.parseInt(source.get(property + "port", variable + "PORT",
                    Integer.toString(DEFAULT_PORTS.getOrDefault(vendor, 0)))));
            String key = source.get(property + "key", variable + "KEY", null);
            if (key != null) {
                keys.put(vendor, key);
            }
        }
        return new SimulatorSettings(
                source.get("simulator.host", "SIMULATOR_HOST", defaults.host()),
                ports,
                keys,
                defaults.profiles(),
                Long.parseLong(source.get("simulator.seed", "SIMULATOR_SEED", Long.toString(defaults.randomSeed()))));
    }

    static String banner(VendorSimulator simulator, SimulatorSettings settings) {
        List<String> lines = new ArrayList<>();
        lines.add("genpipe vendor simulator is up (" + settings + ")");
        for (Vendor vendor : Vendor.values()) {
            lines.add(String.format("  %-8s %s   (key: %s; profile: GET/PUT %s)", vendor.id(), simulator.baseUrl(vendor),
                    settings.key(vendor) == null ? "any" : "the configured one",
                    simulator.baseUrl(vendor).resolve("/__simulator/profile")));
        }
        lines.add("Stop with Ctrl-C.");
        return String.join(System.lineSeparator(), lines);
    }

    private record Source(UnaryOperator<String> properties, UnaryOperator<String> environment) {

        String get(String property, String variable, String fallback) {
            String value = properties.apply(property);
            if (value == null || value.isBlank()) {
                value = environment.apply(variable);
            }
            return value == null || value.isBlank() ? fallback : value.strip();
        }
    }
}
