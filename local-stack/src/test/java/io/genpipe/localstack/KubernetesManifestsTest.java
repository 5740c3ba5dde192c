package io.genpipe.localstack;

import io.genpipe.contracts.topic.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.genpipe.localstack.ServiceConfiguration.ROOT;
import static io.genpipe.localstack.ServiceConfiguration.catalogProviders;
import static io.genpipe.localstack.ServiceConfiguration.port;
import static io.genpipe.localstack.ServiceConfiguration.variablesRead;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/k8s holds to the services' configuration and the catalog: a worker Deployment and a KEDA ScaledObject per
 * catalog provider, scaling on the lag of the consumer group the workers really use on the topic they really read;
 * each container listening where its service listens, probed where the probes answer without a key, and given only
 * variables its service reads.
 */
class KubernetesManifestsTest {

    private static final Path MANIFESTS = ROOT.resolve("deploy/k8s");
    private static final List<Map<String, Object>> documents = new ArrayList<>();

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        try (Stream<Path> files = Files.list(MANIFESTS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object document : new Yaml().loadAll(Files.readString(file))) {
                    if (document != null) {
                        documents.add((Map<String, Object>) document);
                    }
                }
            }
        }
    }

    @Test
    void eachCatalogProviderHasAWorkerGroupScaledOnItsOwnDispatchLag() throws IOException {
        String groupSource = Files.readString(ROOT.resolve(
                "provider-workers/src/main/java/io/genpipe/worker/dispatch/DispatchConsumers.java"));
        assertThat(groupSource).as("the workers' consumer group, as the scalers name it")
                .contains("return \"genpipe.worker.\" + provider;");
        int partitions = Integer.parseInt(String.valueOf(data("genpipe").get("GENPIPE_PARTITIONS")));
        for (Map.Entry<String, String> provider : catalogProviders().entrySet()) {
            String name = "worker-" + provider.getKey();
            Map<String, Object> container = container(named("Deployment", name));
            assertThat(env(container)).as(name).containsEntry("GENPIPE_WORKERS_SERVE", provider.getKey())
                    .containsKey(provider.getValue());

            Map<String, Object> scaled = named("ScaledObject", name);
            assertThat((String) path(scaled, "spec", "scaleTargetRef", "name")).isEqualTo(name);
            Map<String, Object> trigger = first(path(scaled, "spec", "triggers"));
            assertThat(trigger).containsEntry("type", "kafka");
            Map<String, Object> metadata = path(trigger, "metadata");
            assertThat(metadata).containsEntry("topic", Topics.dispatch(provider.getKey()).name())
                    .containsEntry("consumerGroup", "genpipe.worker." + provider.getKey());
            assertThat((Integer) path(scaled, "spec", "maxReplicaCount")).as("replicas beyond the partitions idle")
                    .isLessThanOrEqualTo(partitions);
        }
    }

    @Test
    void everyContainerListensProbesAndIsConfiguredAsItsServiceReads() throws IOException {
        Set<String> readByAny = new HashSet<>();
        int deployments = 0;
        for (Map<String, Object> deployment : kind("Deployment")) {
            String module = path(deployment, "metadata", "labels", "genpipe.io/module");
            Map<String, Object> container = container(deployment);
            Set<String> readable = variablesRead(module);
            readByAny.addAll(readable);
            String name = path(deployment, "metadata", "name");
            assertThat(env(container).keySet()).as("env of %s (%s)", name, module)
                    .allSatisfy(variable -> assertThat(readable).contains(variable));
            Map<String, Object> port = first(path(container, "ports"));
            assertThat(port).as(name).containsEntry("containerPort", port(module)).containsEntry("name", "http");
            assertThat((String) path(container, "readinessProbe", "httpGet", "path"))
                    .isEqualTo("/actuator/health/readiness");
            assertThat((String) path(container, "livenessProbe", "httpGet", "path"))
                    .isEqualTo("/actuator/health/liveness");
            assertThat((String) container.get("image")).contains("/" + module + ":");
            deployments++;
        }
        assertThat(deployments).isEqualTo(3 + catalogProviders().size());
        assertThat(data("genpipe").keySet()).as("the shared ConfigMap sets only what some service reads")
                .allSatisfy(variable -> assertThat(readByAny).contains(variable));
        for (String service : List.of("api-ingress", "results-sink", "router-worker")) {
            Map<String, Object> port = first(path(named("Service", service), "spec", "ports"));
            assertThat(port).containsEntry("port", port(service)).containsEntry("targetPort", "http");
        }
    }

    private static List<Map<String, Object>> kind(String kind) {
        return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    private static Map<String, Object> named(String kind, String name) {
        return kind(kind).stream().filter(d -> name.equals(path(d, "metadata", "name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + MANIFESTS));
    }

    private static Map<String, Object> data(String configMap) {
        return path(named("ConfigMap", configMap), "data");
    }

    private static Map<String, Object> container(Map<String, Object> deployment) {
        return first(path(deployment, "spec", "template", "spec", "containers"));
    }

    /** A container's env entries by name: a literal value, or the secret and key it is taken from. */
    private static Map<String, Object> env(Map<String, Object> container) {
        Map<String, Object> env = new java.util.TreeMap<>();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) container.getOrDefault("env", List.of());
        for (Map<String, Object> entry : entries) {
            env.put((String) entry.get("name"), entry.containsKey("value") ? entry.get("value") : entry.get("valueFrom"));
        }
        return env;
    }

    @SuppressWarnings("unchecked")
    private static <T> T path(Map<String, Object> node, String... keys) {
        Object at = node;
        for (String key : keys) {
            at = ((Map<String, Object>) at).get(key);
            assertThat(at).as("%s in %s", String.join(".", keys), node.get("metadata")).isNotNull();
        }
        return (T) at;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> first(Object list) {
        return ((List<Map<String, Object>>) list).get(0);
    }
}
