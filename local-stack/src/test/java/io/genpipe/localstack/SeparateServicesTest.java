package io.genpipe.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --infra-only}: each service's jar is given what the one-JVM run gives it, and is told where. */
class SeparateServicesTest {

    @TempDir
    Path data;

    @Test
    void eachServiceGetsAFileWithWhatTheOneJvmRunGivesIt() throws IOException {
        PipelineSettings settings = settings();
        SeparateServices services = new SeparateServices(settings, data.resolve("services"));

        services.write();

        Properties ingress = load(services.fileOf("api-ingress"));
        assertThat(ingress).containsAllEntriesOf(ServiceProperties.ingress(settings, URI.create("http://127.0.0.1:8083")));
        assertThat(ingress.getProperty("genpipe.ingress.uploads.dir")).isEqualTo(data.resolve("images/uploads").toString());
        Properties workers = load(services.fileOf("provider-workers"));
        assertThat(workers.getProperty("FAL_KEY")).isEqualTo(ServiceProperties.SIMULATOR_KEY);
        assertThat(workers.getProperty("genpipe.catalog.providers.fal.base-url")).isEqualTo("http://127.0.0.1:9101");
        // A model id in brackets stays one key, even with a colon (Replicate's owner/name:version).
        assertThat(workers.getProperty("genpipe.catalog.providers.fal.models[fal-ai/flux-lora-fast-training].latency-p50"))
                .isEqualTo("1s");
        assertThat(workers.getProperty("genpipe.example.models[acme/sdxl:abc]")).isEqualTo("x=y");
        assertThat(load(services.fileOf("results-sink")).getProperty("spring.datasource.password")).isEqualTo("pw");
        assertThat(load(services.fileOf("router-worker"))).doesNotContainKey("spring.datasource.url");
    }

    @Test
    void theCommandsStartEachJarWithItsFileAndASecondWorkerOnAnotherPort() {
        SeparateServices services = new SeparateServices(settings(), data.resolve("services"));

        assertThat(services.commands()).hasSize(5).first().asString()
                .startsWith("java -jar results-sink/target/results-sink-*-exec.jar")
                .endsWith("file:" + data.resolve("services/results-sink.properties"));
        assertThat(services.commands().get(4)).contains("provider-workers-*-exec.jar", "--server.port=8084",
                "--genpipe.workers.serve=fal");
    }

    @Test
    void withSomeProvidersRealOrLeftOutTheWorkersFileServesTheRestAndHoldsNoKeyForTheRealOnes() throws IOException {
        PipelineSettings mixed = new PipelineSettings("127.0.0.1:9092", "jdbc:postgresql://127.0.0.1:15432/genpipe",
                "genpipe", "pw", Map.of("openai", URI.create("http://127.0.0.1:9102/v1")), data.resolve("images"),
                8080, 8081, 8082, 8083, Map.of(), LocalKeys.generated(), List.of("openai", "ideogram"), Set.of("ideogram"));
        SeparateServices services = new SeparateServices(mixed, data.resolve("services"));

        services.write();

        Properties workers = load(services.fileOf("provider-workers"));
        assertThat(workers.getProperty("genpipe.workers.serve")).isEqualTo("openai,ideogram");
        assertThat(workers.getProperty("OPENAI_API_KEY")).isEqualTo(ServiceProperties.SIMULATOR_KEY);
        // ideogram's process reads IDEOGRAM_API_KEY from its own environment; the file never holds a vendor's key.
        assertThat(workers).doesNotContainKeys("IDEOGRAM_API_KEY", "genpipe.catalog.providers.ideogram.base-url");
        assertThat(services.commands().get(4)).contains("--genpipe.workers.serve=openai", "a second openai worker");
    }

    private PipelineSettings settings() {
        return new PipelineSettings("127.0.0.1:9092", "jdbc:postgresql://127.0.0.1:15432/genpipe", "genpipe", "pw",
                Map.of("fal", URI.create("http://127.0.0.1:9101")), data.resolve("images"), 8080, 8081, 8082, 8083,
                Map.of("genpipe.catalog.providers.fal.models[fal-ai/flux-lora-fast-training].latency-p50", "1s",
                        "genpipe.example.models[acme/sdxl:abc]", "x=y"),
                LocalKeys.generated());
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }
}
