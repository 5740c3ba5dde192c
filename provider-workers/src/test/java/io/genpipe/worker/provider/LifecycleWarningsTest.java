package io.genpipe.worker.provider;

import io.genpipe.worker.TestCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the workers warn about at start, from the catalog's lifecycles and the clock. */
@ExtendWith(OutputCaptureExtension.class)
class LifecycleWarningsTest {

    /** fal and openai by name: the catalog's other vendors have shutdowns of their own, not counted here. */
    private static final ServedProviders BOTH = ServedProviders.resolve(
            new WorkerSettings("i-1", List.of("fal", "openai"), Map.of(), null, null, null, null, null, null),
            TestCatalog.DEFAULT,
            name -> "k");

    @Test
    void namesEachShutDownModelWithItsDateAndReplacement() {
        List<String> warnings = LifecycleWarnings.warnings(BOTH, LocalDate.parse("2026-12-01"), Duration.ofDays(30));

        assertThat(warnings).containsExactlyInAnyOrder(
                "provider openai: model gpt-image-1 was shut down on 2026-10-23 (replacement gpt-image-2); the router"
                        + " never dispatches it, and this worker refuses a dispatch of it",
                "provider openai: model gpt-image-1-mini was shut down on 2026-12-01 (replacement gpt-image-2.6-flare);"
                        + " the router never dispatches it, and this worker refuses a dispatch of it",
                "provider openai: model gpt-image-1.5 was shut down on 2026-12-01 (replacement gpt-image-2.6-sunburst);"
                        + " the router never dispatches it, and this worker refuses a dispatch of it");
    }

    @Test
    void warnsAheadOfAShutdownWithinTheWarningPeriodOnly() {
        LocalDate threeWeeksBefore = LocalDate.parse("2026-11-10");

        assertThat(LifecycleWarnings.warnings(BOTH, threeWeeksBefore, Duration.ofDays(30)))
                .contains("provider openai: model gpt-image-1-mini shuts down on 2026-12-01, in 21 days (replacement"
                        + " gpt-image-2.6-flare); from then on the router stops dispatching it")
                .hasSize(3);
        assertThat(LifecycleWarnings.warnings(BOTH, threeWeeksBefore, Duration.ofDays(7)))
                .singleElement().asString().startsWith("provider openai: model gpt-image-1 was shut down");
    }

    @Test
    void saysNothingOfModelsFarFromTheirShutdown() {
        assertThat(LifecycleWarnings.warnings(BOTH, LocalDate.parse("2026-01-01"), Duration.ofDays(30))).isEmpty();
    }

    @Test
    void logsTheWarningsAtStartOnTheInjectedClock(CapturedOutput output) {
        Clock clock = Clock.fixed(Instant.parse("2026-12-01T08:00:00Z"), ZoneOffset.UTC);

        new LifecycleWarnings(BOTH, Duration.ofDays(30), clock).run(new DefaultApplicationArguments());

        assertThat(output.getOut()).contains("WARN").contains("model gpt-image-1.5 was shut down on 2026-12-01");
    }
}
