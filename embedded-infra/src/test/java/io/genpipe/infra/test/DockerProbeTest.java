package io.genpipe.infra.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.genpipe.infra.test.DockerProbe.KafkaMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerProbeTest {

    @TempDir
    Path home;

    @Test
    void seesNoEngineWithoutHostVariableConfigFileOrSocket() {
        DockerProbe probe = new DockerProbe(Map.of(), home);

        assertThat(probe.endpointConfigured()).isEqualTo(Files.exists(Path.of("/var/run/docker.sock")));
    }

    @Test
    void takesDockerHostAsASignOfAnEngine() {
        assertThat(new DockerProbe(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375"), home).endpointConfigured()).isTrue();
    }

    @Test
    void takesATestcontainersConfigFileAsASignOfAnEngine() throws IOException {
        Files.writeString(home.resolve(".testcontainers.properties"), "docker.host=unix:///somewhere.sock\n");

        assertThat(new DockerProbe(Map.of(), home).endpointConfigured()).isTrue();
    }

    @Test
    void takesARootlessSocketAsASignOfAnEngine(@TempDir Path runtimeDir) throws IOException {
        Files.createFile(runtimeDir.resolve("docker.sock"));

        assertThat(new DockerProbe(Map.of("XDG_RUNTIME_DIR", runtimeDir.toString()), home).endpointConfigured()).isTrue();
    }

    @Test
    void choosesKafkaBySystemPropertyThenEnvironmentThenAuto() {
        DockerProbe withEnvironment = new DockerProbe(Map.of(DockerProbe.MODE_ENVIRONMENT, "container"), home);

        assertThat(withEnvironment.kafkaMode("Embedded")).isEqualTo(KafkaMode.EMBEDDED);
        assertThat(withEnvironment.kafkaMode(null)).isEqualTo(KafkaMode.CONTAINER);
        assertThat(new DockerProbe(Map.of(), home).kafkaMode(null)).isEqualTo(KafkaMode.AUTO);
    }

    @Test
    void rejectsAnUnknownKafkaMode() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new DockerProbe(Map.of(), home).kafkaMode("zookeeper"))
                .withMessageContaining(DockerProbe.MODE_PROPERTY);
    }
}
