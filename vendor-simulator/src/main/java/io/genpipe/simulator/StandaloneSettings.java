package io.genpipe.simulator;

import java.util.function.UnaryOperator;

/**
 * Settings of a standalone run. Each setting is a system property, else an environment variable, else
 * a default:
 * <pre>
 * simulator.host        SIMULATOR_HOST        127.0.0.1
 * simulator.fal.port    SIMULATOR_FAL_PORT    9101
 * simulator.openai.port SIMULATOR_OPENAI_PORT 9102
 * simulator.fal.key     SIMULATOR_FAL_KEY     (unset: any key)
 * simulator.openai.key  SIMULATOR_OPENAI_KEY  (unset: any key)
 * simulator.seed        SIMULATOR_SEED        SimulatorSettings.DEFAULT_SEED
 * </pre>
 */
final class StandaloneSettings {

    static final int DEFAULT_FAL_PORT = 9101;
    static final int DEFAULT_OPENAI_PORT = 9102;

    private StandaloneSettings() {
    }

    static SimulatorSettings read(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        Source source = new Source(properties, environment);
        SimulatorSettings defaults = SimulatorSettings.defaults();
        return new SimulatorSettings(
                source.get("simulator.host", "SIMULATOR_HOST", defaults.host()),
                Integer.parseInt(source.get("simulator.fal.port", "SIMULATOR_FAL_PORT", Integer.toString(DEFAULT_FAL_PORT))),
                Integer.parseInt(source.get("simulator.openai.port", "SIMULATOR_OPENAI_PORT",
                        Integer.toString(DEFAULT_OPENAI_PORT))),
                source.get("simulator.fal.key", "SIMULATOR_FAL_KEY", null),
                source.get("simulator.openai.key", "SIMULATOR_OPENAI_KEY", null),
                defaults.profiles(),
                Long.parseLong(source.get("simulator.seed", "SIMULATOR_SEED", Long.toString(defaults.randomSeed()))));
    }

    static String banner(VendorSimulator simulator, SimulatorSettings settings) {
        return String.join(System.lineSeparator(),
                "genpipe vendor simulator is up (" + settings + ")",
                "  fal.ai queue API:  " + simulator.falBaseUrl() + "   (Authorization: Key " + keyHint(settings.falKey()) + ")",
                "  OpenAI images API: " + simulator.openAiBaseUrl() + "   (Authorization: Bearer "
                        + keyHint(settings.openAiKey()) + ")",
                "  profiles:          GET/PUT " + simulator.falBaseUrl() + "/__simulator/profile",
                "                     GET/PUT " + simulator.openAiBaseUrl().resolve("/__simulator/profile"),
                "Stop with Ctrl-C.");
    }

    private static String keyHint(String key) {
        return key == null ? "<any key>" : "<the configured key>";
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
