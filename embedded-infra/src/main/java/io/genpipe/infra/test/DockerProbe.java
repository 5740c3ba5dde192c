package io.genpipe.infra.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Decides whether tests may use a Docker engine. Testcontainers' own probe answers "no" correctly but logs an
 * ERROR listing every strategy it tried, which on machines that simply have no engine (CI here, many laptops)
 * is noise in every module's test output. So Testcontainers is asked only when a Docker endpoint plausibly
 * exists, and only if it is on the classpath at all.
 */
final class DockerProbe {

    /** System property choosing the Kafka of the tests: {@code auto} (default), {@code embedded} or {@code container}. */
    static final String MODE_PROPERTY = "genpipe.test.kafka";
    /** Environment variable with the same meaning, for CI configurations; the system property wins. */
    static final String MODE_ENVIRONMENT = "GENPIPE_TEST_KAFKA";

    enum KafkaMode {
        /** A container when Docker answers, the in-JVM broker otherwise. */
        AUTO,
        /** Always the in-JVM broker, even with Docker present. */
        EMBEDDED,
        /** Always a container; failing when there is no Docker, rather than silently testing something else. */
        CONTAINER
    }

    private final Map<String, String> environment;
    private final Path userHome;

    DockerProbe(Map<String, String> environment, Path userHome) {
        this.environment = environment;
        this.userHome = userHome;
    }

    static DockerProbe ofThisMachine() {
        return new DockerProbe(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    KafkaMode kafkaMode(String systemPropertyValue) {
        String value = systemPropertyValue != null ? systemPropertyValue : environment.get(MODE_ENVIRONMENT);
        if (value == null || value.isBlank()) {
            return KafkaMode.AUTO;
        }
        try {
            return KafkaMode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(MODE_PROPERTY + " must be auto, embedded or container, was " + value, e);
        }
    }

    /** True when a Docker engine answers; stays silent when there is no sign of one. */
    boolean dockerAvailable() {
        return endpointConfigured() && testcontainersPresent() && TestcontainersCheck.dockerAvailable();
    }

    /** Cheap signs of an engine: an explicit host, a Testcontainers config file, or a known socket file. */
    boolean endpointConfigured() {
        if (isSet(environment.get("DOCKER_HOST")) || isSet(environment.get("TESTCONTAINERS_HOST_OVERRIDE"))) {
            return true;
        }
        Stream<Path> wellKnown = Stream.of(
                Path.of("/var/run/docker.sock"),
                userHome.resolve(".testcontainers.properties"),
                userHome.resolve(".docker/run/docker.sock"),
                userHome.resolve(".docker/desktop/docker.sock"),
                userHome.resolve(".colima/default/docker.sock"),
                userHome.resolve(".rd/docker.sock"));
        Stream<Path> rootless = Stream.of(environment.get("XDG_RUNTIME_DIR"))
                .filter(Objects::nonNull)
                .map(dir -> Path.of(dir, "docker.sock"));
        return Stream.concat(wellKnown, rootless).anyMatch(Files::exists);
    }

    static boolean testcontainersPresent() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory", false, DockerProbe.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    /** Nested so that DockerProbe itself loads without Testcontainers on the classpath. */
    private static final class TestcontainersCheck {
        static boolean dockerAvailable() {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        }
    }
}
