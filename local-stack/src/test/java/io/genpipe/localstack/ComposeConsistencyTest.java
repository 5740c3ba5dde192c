package io.genpipe.localstack;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;

import static io.genpipe.localstack.ServiceConfiguration.ROOT;
import static io.genpipe.localstack.ServiceConfiguration.catalogProviders;
import static io.genpipe.localstack.ServiceConfiguration.port;
import static io.genpipe.localstack.ServiceConfiguration.variablesRead;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml configures the services by environment variables; each must be one the service reads
 * ({@link ServiceConfiguration#variablesRead}). A key renamed in a service and not in compose fails here, as does a
 * catalog provider without its worker service, or a service Prometheus does not scrape on the port it listens on.
 */
class ComposeConsistencyTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyVariableComposeSetsIsOneTheServiceReads() throws IOException {
        Map<String, Map<String, Object>> services = services();
        int checked = 0;
        for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            Map<String, Object> build = (Map<String, Object>) service.getValue().get("build");
            if (build == null) {
                continue; // kafka, postgres, prometheus, grafana, kafka-ui
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
        Map<String, Map<String, Object>> services = services();
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

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        return (Map<String, Map<String, Object>>) compose.get("services");
    }
}
