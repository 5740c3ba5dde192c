package io.genpipe.localstack;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchReportTest {

    @Test
    void theSummaryNamesCountsCostAverageAndProvidersWithTheirFallbacks() {
        BatchReport report = new BatchReport(23, 23, 0, true, new BigDecimal("0.0690"), 3120.0, List.of(
                new BatchReport.ProviderShare("openai", 4, 4),
                new BatchReport.ProviderShare("fal", 19, 0)));

        assertThat(report.summary())
                .isEqualTo("23/23 succeeded · total $0.069 · avg 3.1 s · fal 19, openai 4 (4 after fallback)");
    }

    @Test
    void failuresAreCountedAndProvidersWithoutSuccessLeftOut() {
        BatchReport report = new BatchReport(3, 2, 1, true, new BigDecimal("0.006"), null, List.of(
                new BatchReport.ProviderShare("fal", 2, 0),
                new BatchReport.ProviderShare("openai", 0, 0)));

        assertThat(report.summary()).isEqualTo("2/3 succeeded · 1 failed · total $0.006 · fal 2");
        assertThat(report.progress()).isEqualTo("3/3 done · 2 succeeded · 1 failed · $0.006 so far");
    }

    @Test
    void optionsAreParsedAndUnknownOnesRefused() {
        LocalRunOptions options = LocalRunOptions.parse("--fal-outage --kafka-port=19092", "--exit-after-demo");

        assertThat(options.falOutage()).isTrue();
        assertThat(options.kafkaPort()).isEqualTo(19092);
        assertThat(options.exitAfterDemo()).isTrue();
        assertThat(options.demo()).isTrue();
        assertThatThrownBy(() -> LocalRunOptions.parse("--fall-outage"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--fall-outage");
    }

    @Test
    void theDemoHas23Portraits() {
        assertThat(PortraitDemo.portraits()).hasSize(23)
                .allSatisfy(prompt -> assertThat(prompt).containsIgnoringCase("portrait"));
    }
}
