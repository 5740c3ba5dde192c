package io.genpipe.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;

import io.genpipe.simulator.SimulatorSettings;
import io.genpipe.simulator.Vendor;
import org.junit.jupiter.api.Test;

class InfrastructureSettingsTest {

    @Test
    void localRunUsesFixedLoopbackPortsAndKeepsDataUnderOneDirectory() {
        InfrastructureSettings settings = InfrastructureSettings.forLocalRun(Path.of("data"));

        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.kafkaPort()).isEqualTo(9092);
        assertThat(settings.postgresPort()).isEqualTo(15432);
        assertThat(settings.kafkaDir()).isEqualTo(Path.of("data", "kafka"));
        assertThat(settings.postgresDir()).isEqualTo(Path.of("data", "postgres"));
        assertThat(settings.simulator().host()).isEqualTo("127.0.0.1");
        assertThat(settings.simulator().port(Vendor.FAL)).isEqualTo(9101);
        assertThat(settings.simulator().port(Vendor.OPENAI)).isEqualTo(9102);
    }

    @Test
    void testsUseFreePortsAndTemporaryData() {
        InfrastructureSettings settings = InfrastructureSettings.forTests();

        assertThat(settings.kafkaPort()).isZero();
        assertThat(settings.postgresPort()).isZero();
        assertThat(settings.kafkaDir()).isNull();
        assertThat(settings.postgresDir()).isNull();
        assertThat(settings.simulator().ports()).allSatisfy((vendor, port) -> assertThat(port).isZero());
    }

    @Test
    void rejectsPortsOutsideTheTcpRange() {
        assertThatIllegalArgumentException().isThrownBy(() ->
                new InfrastructureSettings("127.0.0.1", 70_000, null, 0, null, SimulatorSettings.defaults()));
    }
}
