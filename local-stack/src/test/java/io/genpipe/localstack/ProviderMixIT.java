package io.genpipe.localstack;

import io.genpipe.catalog.CatalogFiles;
import io.genpipe.infra.EmbeddedKafkaBroker;
import io.genpipe.infra.InfrastructureSettings;
import io.genpipe.infra.test.TestDatabase;
import io.genpipe.infra.test.TestInfrastructure;
import io.genpipe.simulator.SimulatorSettings;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static io.genpipe.localstack.TestPipeline.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A local run of {@code --providers=fal,openai,ideogram --real=openai}: openai's "real" vendor is a second simulator
 * standing in for api.openai.com (there is no internet here, and tests never call a vendor), which accepts only the
 * key a user would export as OPENAI_API_KEY; fal and ideogram stay on the run's simulator; the other five catalog
 * providers have no worker. The pipeline has a broker of its own, so its topics and consumer groups never meet the
 * shared test pipeline's.
 */
class ProviderMixIT {

    private static final String OPENAI_KEY = "sk-test-" + UUID.randomUUID();

    private static EmbeddedKafkaBroker broker;
    private static VendorSimulator simulator;
    private static VendorSimulator realOpenAi;
    private static Pipeline started;
    private static TestPipeline pipeline;

    @BeforeAll
    static void startTheMix() {
        TestInfrastructure infra = TestInfrastructure.shared();
        broker = EmbeddedKafkaBroker.start(InfrastructureSettings.LOOPBACK, 0, null);
        simulator = VendorSimulator.start(SimulatorSettings.defaults());
        realOpenAi = VendorSimulator.start(SimulatorSettings.defaults().withKey(Vendor.OPENAI, OPENAI_KEY));
        ProviderMix mix = ProviderMix.of(CatalogFiles.defaults(),
                LocalRunOptions.parse("--providers=fal,openai,ideogram", "--real=openai"));
        Map<String, URI> baseUrls = new HashMap<>(mix.simulatorBaseUrls(simulator.baseUrls()));
        // The test's stand-in for the catalog's https://api.openai.com/v1.
        baseUrls.put("openai", realOpenAi.baseUrl(Vendor.OPENAI));
        Map<String, String> properties = new HashMap<>(TestPipeline.PROPERTIES);
        // The workers read a real provider's key through their Environment, where a property stands for the variable
        // as the user's exported OPENAI_API_KEY would (a test cannot set its own JVM's environment).
        properties.put("OPENAI_API_KEY", OPENAI_KEY);
        TestDatabase database = infra.newDatabase();
        started = Pipeline.start(new PipelineSettings(broker.bootstrapServers(), database.jdbcUrl(),
                database.username(), database.password(), baseUrls, TestPipeline.newImagesDir(), 0, 0, 0, 0,
                properties, LocalKeys.generated(), mix.serve(), mix.real()));
        pipeline = TestPipeline.of(started);
    }

    @AfterAll
    static void stopTheMix() {
        for (AutoCloseable part : new AutoCloseable[] {started, broker, simulator, realOpenAi}) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    throw new IllegalStateException("could not stop " + part, e);
                }
            }
        }
    }

    @Test
    void onlyTheServedProvidersHaveLiveWorkersAndTheRealOneIsUpOnItsKey() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(providerStates()).containsExactlyInAnyOrderEntriesOf(Map.of(
                        "fal", "UP", "openai", "UP", "ideogram", "UP",
                        "leonardo", "UNKNOWN", "stability", "UNKNOWN", "huggingface", "UNKNOWN",
                        "replicate", "UNKNOWN", "google", "UNKNOWN")));
    }

    @Test
    void jobsForTheRealProviderReachItsVendorWithTheKeyOfItsVariable() {
        long before = realOpenAi.requestCount(Vendor.OPENAI);

        JsonNode job = submitAndAwait("{\"prompt\":\"a lighthouse at dawn\",\"routing\":{\"provider\":\"openai\"}}");

        assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.path("provider").asString()).isEqualTo("openai");
        // The stand-in refuses any other key with a 401: the job succeeded on OPENAI_API_KEY's, not the simulator's.
        assertThat(realOpenAi.requestCount(Vendor.OPENAI)).isGreaterThan(before);
        assertThat(simulator.requestCount(Vendor.OPENAI)).isZero();
    }

    @Test
    void theOtherProvidersJobsStayOnTheSimulator() {
        long falBefore = simulator.requestCount(Vendor.FAL);
        long ideogramBefore = simulator.requestCount(Vendor.IDEOGRAM);

        JsonNode routed = submitAndAwait("{\"prompt\":\"a lighthouse at dawn\"}");
        JsonNode forced = submitAndAwait("{\"prompt\":\"a lighthouse at dusk\",\"routing\":{\"provider\":\"ideogram\"}}");

        assertThat(routed.path("status").asString()).as(routed.toString()).isEqualTo("SUCCEEDED");
        assertThat(routed.path("provider").asString()).isEqualTo("fal");
        assertThat(forced.path("status").asString()).as(forced.toString()).isEqualTo("SUCCEEDED");
        assertThat(forced.path("provider").asString()).isEqualTo("ideogram");
        assertThat(simulator.requestCount(Vendor.FAL)).isGreaterThan(falBefore);
        assertThat(simulator.requestCount(Vendor.IDEOGRAM)).isGreaterThan(ideogramBefore);
        assertThat(realOpenAi.requestCount(Vendor.FAL)).isZero();
        assertThat(realOpenAi.requestCount(Vendor.IDEOGRAM)).isZero();
    }

    /** Once every served provider is up, so that a job goes where the mix sends it rather than waiting. */
    private static JsonNode submitAndAwait(String body) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(providerStates()).containsAllEntriesOf(Map.of("fal", "UP", "openai", "UP", "ideogram", "UP")));
        String jobId = "e2e-mix-" + UUID.randomUUID();
        HttpResponse<String> accepted = pipeline.post("/v1/jobs", "{\"jobId\":\"" + jobId + "\","
                + body.substring(1));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return pipeline.awaitFinishedJob(jobId, Duration.ofSeconds(60));
    }

    private static Map<String, String> providerStates() {
        HttpResponse<String> response = pipeline.getFromIngress("/v1/providers/health");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, String> states = new TreeMap<>();
        JSON.readTree(response.body()).path("providers")
                .forEach(provider -> states.put(provider.path("provider").asString(), provider.path("state").asString()));
        return states;
    }
}
