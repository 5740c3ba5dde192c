package io.genpipe.worker.adapter.openai;

import io.genpipe.simulator.SimulatorSettings;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorSimulator;
import io.genpipe.worker.adapter.VendorHttp;
import io.genpipe.worker.adapter.VendorJson;
import io.genpipe.worker.provider.ApiKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** OpenAI's {@code GET /v1/models}, against the simulator that speaks it. */
class OpenAiModelListTest {

    private static VendorSimulator simulator;
    private static VendorHttp http;
    private static ExecutorService callbacks;

    @BeforeAll
    static void start() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults().withKey(Vendor.OPENAI, "sk-test"));
        callbacks = Executors.newFixedThreadPool(2);
        http = new VendorHttp(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), callbacks);
    }

    @AfterAll
    static void stop() {
        callbacks.shutdownNow();
        simulator.close();
    }

    @Test
    void readsTheShutdownDatesOpenAiPublishes() throws Exception {
        Map<String, Optional<LocalDate>> dates = list(ApiKey.of("OPENAI_API_KEY", "sk-test"))
                .shutdownDates().get(10, TimeUnit.SECONDS);

        assertThat(dates).containsEntry("gpt-image-1-mini", Optional.of(LocalDate.parse("2026-12-01")))
                .containsEntry("gpt-image-1", Optional.of(LocalDate.parse("2026-10-23")))
                .containsEntry("gpt-image-2", Optional.empty());
    }

    @Test
    void aRefusedReadFailsRatherThanSayingNoModelShutsDown() {
        assertThatThrownBy(() -> list(ApiKey.of("OPENAI_API_KEY", "sk-wrong")).shutdownDates().get(10, TimeUnit.SECONDS))
                .hasMessageContaining("HTTP 401");
    }

    @Test
    void anEntryWithoutADateOrWithAMalformedOneAnnouncesNone() {
        Map<String, Optional<LocalDate>> dates = OpenAiModelList.parse(VendorJson.parse("""
                {"object": "list", "data": [
                  {"id": "a", "object": "model", "shutdown_date": null},
                  {"id": "b", "object": "model", "shutdown_date": "soon"},
                  {"id": "c", "object": "model", "shutdown_date": "2027-01-31"},
                  {"object": "model"}]}
                """));

        assertThat(dates).containsOnly(Map.entry("a", Optional.empty()), Map.entry("b", Optional.empty()),
                Map.entry("c", Optional.of(LocalDate.parse("2027-01-31"))));
    }

    private static OpenAiModelList list(ApiKey key) {
        return new OpenAiModelList(simulator.baseUrl(Vendor.OPENAI), key, OpenAiOptions.DEFAULTS, http);
    }
}
