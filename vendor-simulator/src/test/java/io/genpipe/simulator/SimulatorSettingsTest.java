package io.genpipe.simulator;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatorSettingsTest {

    @Test
    void defaultsAreLocalEphemeralOpenAndHealthy() {
        SimulatorSettings defaults = SimulatorSettings.defaults();

        assertThat(defaults.host()).isEqualTo("127.0.0.1");
        assertThat(defaults.falPort()).isZero();
        assertThat(defaults.openAiPort()).isZero();
        assertThat(defaults.falKey()).isNull();
        assertThat(defaults.openAiKey()).isNull();
        assertThat(defaults.profiles()).containsOnlyKeys(Vendor.FAL, Vendor.OPENAI)
                .allSatisfy((vendor, profile) -> assertThat(profile).isEqualTo(VendorProfile.healthy()));
    }

    @Test
    void aVendorLeftOutStartsHealthy() {
        SimulatorSettings settings = new SimulatorSettings("127.0.0.1", 0, 0, null, null,
                Map.of(Vendor.FAL, VendorProfile.outageProfile()), 1);

        assertThat(settings.profiles().get(Vendor.FAL).outage()).isTrue();
        assertThat(settings.profiles().get(Vendor.OPENAI)).isEqualTo(VendorProfile.healthy());
    }

    @Test
    void keysNeverAppearInToString() {
        SimulatorSettings settings = SimulatorSettings.defaults().withKeys("fal-secret", "sk-secret");

        assertThat(settings.toString()).doesNotContain("fal-secret").doesNotContain("sk-secret");
    }

    @Test
    void ratesOutsideZeroToOneAreRejected() {
        assertThatThrownBy(() -> VendorProfile.healthy().withErrorRate(1.01)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VendorProfile.healthy().withRateLimitRate(-0.1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void standaloneSettingsPreferPropertiesThenEnvironmentThenDefaults() {
        Map<String, String> properties = Map.of("simulator.fal.port", "9201");
        Map<String, String> environment = Map.of("SIMULATOR_FAL_PORT", "9301", "SIMULATOR_OPENAI_PORT", "9302",
                "SIMULATOR_FAL_KEY", "k");

        SimulatorSettings settings = StandaloneSettings.read(properties::get, environment::get);

        assertThat(settings.falPort()).isEqualTo(9201);
        assertThat(settings.openAiPort()).isEqualTo(9302);
        assertThat(settings.falKey()).isEqualTo("k");
        assertThat(settings.openAiKey()).isNull();
        assertThat(settings.host()).isEqualTo("127.0.0.1");
    }
}
