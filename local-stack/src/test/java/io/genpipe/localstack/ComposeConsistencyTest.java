package io.genpipe.localstack;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml configures the services by environment variables; each must be one the service reads:
 * a placeholder in its configuration file or in the catalog file every service reads, a key-holding variable the
 * catalog names, or the environment form of one of those keys. A key renamed in a service and not in compose fails
 * here.
 */
class ComposeConsistencyTest {

    private static final Path ROOT = Path.of("..");
    /** Every service reads the catalog: its providers' key variables are read by the workers that serve them. */
    private static final Path CATALOG = ROOT.resolve("catalog/src/main/resources/genpipe-catalog.yml");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)");

    @Test
    @SuppressWarnings("unchecked")
    void everyVariableComposeSetsIsOneTheServiceReads() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        int checked = 0;
        for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            Map<String, Object> build = (Map<String, Object>) service.getValue().get("build");
            if (build == null) {
                continue; // kafka, postgres
            }
            String module = (String) ((Map<String, Object>) build.get("args")).get("MODULE");
            Set<String> readable = variablesRead(module);
            Map<String, Object> environment = (Map<String, Object>) service.getValue().get("environment");
            assertThat(environment.keySet()).as("environment of %s (%s)", service.getKey(), module)
                    .allSatisfy(variable -> assertThat(readable).contains(variable));
            checked++;
        }
        assertThat(checked).as("services built from a module: ingress, router, sink, a worker per provider")
                .isEqualTo(3 + catalogProviders().size());
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyCatalogProviderHasAWorkerServiceWithItsKeyAndPrometheusScrapesEveryService() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        String prometheus = Files.readString(ROOT.resolve("deploy/prometheus/prometheus.yml"));
        for (Map.Entry<String, String> provider : catalogProviders().entrySet()) {
            Map<String, Object> worker = services.get("worker-" + provider.getKey());
            assertThat(worker).as("a worker service for %s", provider.getKey()).isNotNull();
            Map<String, Object> environment = (Map<String, Object>) worker.get("environment");
            assertThat(environment).containsEntry("GENPIPE_WORKERS_SERVE", provider.getKey())
                    .containsKey(provider.getValue());
            assertThat(prometheus).as("scraped").contains("worker-" + provider.getKey());
        }
        // The ports Prometheus scrapes are the ones the services listen on.
        assertThat(prometheus).contains("api-ingress:" + port("api-ingress"), "results-sink:" + port("results-sink"),
                "router-worker:" + port("router-worker"), "port: " + port("provider-workers"));
    }

    /** Each provider of the catalog, with the variable its key is read from. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> catalogProviders() throws IOException {
        Map<String, Object> catalog = new Yaml().load(Files.readString(CATALOG));
        Map<String, Map<String, Object>> providers = (Map<String, Map<String, Object>>)
                ((Map<String, Object>) ((Map<String, Object>) catalog.get("genpipe")).get("catalog")).get("providers");
        Map<String, String> keys = new java.util.TreeMap<>();
        providers.forEach((name, provider) -> keys.put(name, String.valueOf(provider.get("api-key-env"))));
        return keys;
    }

    /** server.port of a module's configuration ({@code ${PORT:8082}} is 8082). */
    @SuppressWarnings("unchecked")
    private static String port(String module) throws IOException {
        Map<String, Object> config = new Yaml().load(Files.readString(
                ROOT.resolve(module).resolve("src/main/resources/" + module + ".yml")));
        String port = String.valueOf(((Map<String, Object>) config.get("server")).get("port"));
        Matcher placeholder = Pattern.compile("\\$\\{[A-Z_]+:(\\d+)}").matcher(port);
        return placeholder.matches() ? placeholder.group(1) : port;
    }

    private static Set<String> variablesRead(String module) throws IOException {
        Set<String> variables = new HashSet<>();
        for (Path file : List.of(ROOT.resolve(module).resolve("src/main/resources/" + module + ".yml"), CATALOG)) {
            String config = Files.readString(file);
            Matcher placeholders = PLACEHOLDER.matcher(config);
            while (placeholders.find()) {
                variables.add(placeholders.group(1));
            }
            collect("", new Yaml().load(config), variables);
        }
        return variables;
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
