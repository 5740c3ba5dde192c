package io.genpipe.worker.provider;

import io.genpipe.worker.ProviderWorkersApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The service refuses to start on a provider it cannot run, naming the key to fix. No broker is needed: the start
 * stops while the beans are made, before anything connects.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProviderStartupTest {

    @Test
    void aServedProviderWhoseAdapterTypeNoFactorySpeaksStopsTheStart(CapturedOutput output) {
        // The known types grow as vendors are added; the message is checked up to the list.
        String expected = "genpipe.catalog.providers.fal.adapter: unknown adapter type 'leonardo'; known: [fal, ";

        assertThatThrownBy(() -> start("--genpipe.catalog.providers.fal.adapter=leonardo", "--genpipe.workers.serve=fal"))
                .rootCause().isInstanceOf(ProviderConfigurationException.class).hasMessageStartingWith(expected);
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START").contains(expected);
    }

    @Test
    void aServedNameTheCatalogDoesNotHaveStopsTheStart() {
        assertThatThrownBy(() -> start("--genpipe.workers.serve=fal,leonardo"))
                .rootCause().isInstanceOf(ProviderConfigurationException.class)
                .hasMessageStartingWith("genpipe.workers.serve: 'leonardo' is not a provider of the catalog;"
                        + " genpipe.catalog.providers has [fal, openai");
    }

    private static void start(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        // Nothing here may reach a broker or keep a port: the start must fail before either matters.
        all.addAll(List.of("--spring.kafka.bootstrap-servers=127.0.0.1:9", "--spring.main.web-application-type=none",
                "--genpipe.workers.instance=startup-test"));
        ProviderWorkersApplication.builder().run(all.toArray(String[]::new)).close();
    }
}
