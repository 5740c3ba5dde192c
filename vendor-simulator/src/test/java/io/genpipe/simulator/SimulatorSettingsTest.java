package io.genpipe.simulator;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatorSettingsTest {

    @Test
    void defaultsAreLocalEphemeralOpenAndHealthyForEveryVendor() {
        SimulatorSettings defaults = SimulatorSettings.defaults();

        assertThat(defaults.host()).isEqualTo("127.0.0.1");
        assertThat(defaults.ports()).containsOnlyKeys(Vendor.values()).allSatisfy((vendor, port) -> assertThat(port).isZero());
        assertThat(defaults.keys()).isEmpty();
        assertThat(defaults.key(Vendor.FAL)).isNull();
        assertThat(defaults.profiles()).containsOnlyKeys(Vendor.values())
                .allSatisfy((vendor, profile) -> assertThat(profile).isEqualTo(VendorProfile.healthy()));
    }

    @Test
    void aVendorLeftOutOfAMapGetsAFreePortAnyKeyAndAHealthyProfile() {
        SimulatorSettings settings = new SimulatorSettings("127.0.0.1", Map.of(Vendor.FAL, 9201),
                Map.of(Vendor.FAL, "k"), Map.of(Vendor.FAL, VendorProfile.outageProfile()), 1);

        assertThat(settings.port(Vendor.FAL)).isEqualTo(9201);
        assertThat(settings.port(Vendor.OPENAI)).isZero();
        assertThat(settings.key(Vendor.FAL)).isEqualTo("k");
        assertThat(settings.key(Vendor.OPENAI)).isNull();
        assertThat(settings.profiles().get(Vendor.FAL).outage()).isTrue();
        assertThat(settings.profiles().get(Vendor.OPENAI)).isEqualTo(VendorProfile.healthy());
    }

    @Test
    void withersChangeOneVendorOnly() {
        SimulatorSettings settings = SimulatorSettings.defaults().withPort(Vendor.OPENAI, 9302)
                .withKey(Vendor.OPENAI, "sk-only").withKey(Vendor.FAL, "fal-only").withKey(Vendor.FAL, null);

        assertThat(settings.port(Vendor.OPENAI)).isEqualTo(9302);
        assertThat(settings.port(Vendor.FAL)).isZero();
        assertThat(settings.keys()).containsOnlyKeys(Vendor.OPENAI);
    }

    @Test
    void keysNeverAppearInToString() {
        SimulatorSettings settings = SimulatorSettings.defaults().withKey(Vendor.FAL, "fal-secret")
                .withKey(Vendor.OPENAI, "sk-secret");

        assertThat(settings.toString()).doesNotContain("fal-secret").doesNotContain("sk-secret").contains("***");
    }

    @Test
    void portsOutsideTheRangeAreRejected() {
        assertThatThrownBy(() -> SimulatorSettings.defaults().withPort(Vendor.FAL, 70_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FAL");
    }

    @Test
    void ratesOutsideZeroToOneAreRejected() {
        assertThatThrownBy(() -> VendorProfile.healthy().withErrorRate(1.01)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VendorProfile.healthy().withRateLimitRate(-0.1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void vendorsAreNamedByTheirApiInLowerCase() {
        assertThat(Vendor.FAL.id()).isEqualTo("fal");
        assertThat(Vendor.byId("openai")).contains(Vendor.OPENAI);
        assertThat(Vendor.byId("midjourney")).isEmpty();
    }

    @Test
    void standaloneSettingsPreferPropertiesThenEnvironmentThenDefaults() {
        Map<String, String> properties = Map.of("simulator.fal.port", "9201");
        Map<String, String> environment = Map.of("SIMULATOR_FAL_PORT", "9301", "SIMULATOR_OPENAI_PORT", "9302",
                "SIMULATOR_FAL_KEY", "k");

        SimulatorSettings settings = StandaloneSettings.read(properties::get, environment::get);

        assertThat(settings.port(Vendor.FAL)).isEqualTo(9201);
        assertThat(settings.port(Vendor.OPENAI)).isEqualTo(9302);
        assertThat(settings.key(Vendor.FAL)).isEqualTo("k");
        assertThat(settings.key(Vendor.OPENAI)).isNull();
        assertThat(settings.host()).isEqualTo("127.0.0.1");
    }

    @Test
    void standaloneSettingsDefaultToTheDocumentedPorts() {
        SimulatorSettings settings = StandaloneSettings.read(name -> null, name -> null);

        assertThat(settings.ports()).containsEntry(Vendor.FAL, 9101).containsEntry(Vendor.OPENAI, 9102);
    }
}
