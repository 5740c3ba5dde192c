package io.genpipe.router.streams;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.Operation;
import io.genpipe.router.cooldown.ProviderCooldown;
import io.genpipe.router.tracking.Tick;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static io.genpipe.contracts.event.GenpipeEvent.SCHEMA_VERSION;
import static org.assertj.core.api.Assertions.assertThat;

/** The router's own records go through its topics and stores as JSON and come back equal. */
class JsonValuesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void theRoutersOwnRecordsSurviveTheirTopics() {
        JobRequested job = JobRequested.create("j-1", "acme", null, Operation.TEXT_TO_IMAGE, "a lighthouse",
                ImageParams.defaults(), null, NOW);
        var failed = new AttemptDispatched(SCHEMA_VERSION, "d-1", "j-1", NOW, 1, "alpha", "gpt-image-2", "test", null,
                job, List.of(), null, List.of(), null, null).failed(FailureClass.TIMEOUT, "late", null, 10, NOW);

        for (Object value : List.of(new CountedResult(failed), ProviderCooldown.available("alpha", NOW),
                new ProviderCooldown("alpha", ProviderCooldown.State.COOLING, 3, NOW, NOW, "3 failures"),
                Tick.of("j-1", Tick.Kind.RETRY, 2, NOW))) {
            var serde = JsonValues.reading(value.getClass());
            byte[] bytes = serde.serializer().serialize("t", value);
            assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(value);
        }
    }
}
