package io.genpipe.localstack;

import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the services' own configuration files say, for the tests that hold the deployment files (docker-compose.yml,
 * deploy/) to it: the variables a module reads, the port it listens on, the catalog's providers and their keys.
 */
final class ServiceConfiguration {

    static final Path ROOT = Path.of("..");
    /** Every service reads the catalog: its providers' key variables are read by the workers that serve them. */
    private static final Path CATALOG = ROOT.resolve("catalog/src/main/resources/genpipe-catalog.yml");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)");
    /**
     * Spring Boot's own settings that every service has from its starters and that README.md documents for them: where
     * spans go and which share is sampled. No configuration file names them, since export is off until one is set.
     */
    private static final Set<String> BOOT_VARIABLES = Set.of("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT",
            "MANAGEMENT_TRACING_SAMPLING_PROBABILITY");

    private ServiceConfiguration() {
    }

    /**
     * The environment variables a module reads: a placeholder in its configuration file or in the catalog, a
     * key-holding variable the catalog names, the environment form of one of their keys, or one of Spring Boot's
     * tracing settings ({@link #BOOT_VARIABLES}).
     */
    static Set<String> variablesRead(String module) throws IOException {
        Set<String> variables = new HashSet<>(BOOT_VARIABLES);
        for (Path file : List.of(configurationOf(module), CATALOG)) {
            String config = Files.readString(file);
            Matcher placeholders = PLACEHOLDER.matcher(config);
            while (placeholders.find()) {
                variables.add(placeholders.group(1));
            }
            collect("", new Yaml().load(config), variables);
        }
        return variables;
    }

    /** server.port of a module's configuration ({@code ${PORT:8082}} is 8082). */
    @SuppressWarnings("unchecked")
    static int port(String module) throws IOException {
        Map<String, Object> config = new Yaml().load(Files.readString(configurationOf(module)));
        String port = String.valueOf(((Map<String, Object>) config.get("server")).get("port"));
        Matcher placeholder = Pattern.compile("\\$\\{[A-Z_]+:(\\d+)}").matcher(port);
        return Integer.parseInt(placeholder.matches() ? placeholder.group(1) : port);
    }

    /** Each provider of the catalog, with the variable its key is read from. */
    @SuppressWarnings("unchecked")
    static Map<String, String> catalogProviders() throws IOException {
        Map<String, Object> catalog = new Yaml().load(Files.readString(CATALOG));
        Map<String, Map<String, Object>> providers = (Map<String, Map<String, Object>>)
                ((Map<String, Object>) ((Map<String, Object>) catalog.get("genpipe")).get("catalog")).get("providers");
        Map<String, String> keys = new TreeMap<>();
        providers.forEach((name, provider) -> keys.put(name, String.valueOf(provider.get("api-key-env"))));
        return keys;
    }

    private static Path configurationOf(String module) {
        return ROOT.resolve(module).resolve("src/main/resources/" + module + ".yml");
    }

    /** Each key's environment form (genpipe.workers.serve -> GENPIPE_WORKERS_SERVE) and api-key-env values. */
    @SuppressWarnings("unchecked")
    private static void collect(String prefix, Object node, Set<String> variables) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<String, Object> entry : ((Map<String, Object>) map).entrySet()) {
                String key = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
                if (entry.getKey().equals("api-key-env")) {
                    variables.add(String.valueOf(entry.getValue()));
                }
                collect(key, entry.getValue(), variables);
            }
        } else if (!prefix.isEmpty()) {
            variables.add(prefix.toUpperCase(Locale.ROOT).replace('.', '_').replace("-", ""));
        }
    }
}
