package io.genpipe.ingress.cache;

import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.json.MessageFormatException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CacheKeyTest {

    private static final String SEEDED = "\"params\":{\"width\":768,\"height\":512,\"seed\":7}";

    @Test
    void theSameRequestInOtherSpacingOrWithOtherIdsHasTheSameKey() {
        assertThat(CacheKey.of(job("job-1", "\"prompt\":\"a lighthouse at dawn\"," + SEEDED)))
                .isPresent()
                .isEqualTo(CacheKey.of(job("job-2", "\"prompt\":\"  a lighthouse\\n at   dawn \"," + SEEDED
                        + ",\"deadline\":\"2026-12-02T10:00:00Z\"")));
    }

    @Test
    void whatChangesTheImageChangesTheKey() {
        var key = CacheKey.of(job("job-1", "\"prompt\":\"a lighthouse at dawn\"," + SEEDED)).orElseThrow();

        assertThat(CacheKey.of(job("job-1", "\"prompt\":\"A lighthouse at dawn\"," + SEEDED))).isNotEqualTo(key);
        assertThat(CacheKey.of(job("job-1", "\"prompt\":\"a lighthouse at dawn\","
                + "\"params\":{\"width\":768,\"height\":512,\"seed\":8}")).orElseThrow()).isNotEqualTo(key);
        assertThat(CacheKey.of(job("job-1", "\"prompt\":\"a lighthouse at dawn\"," + SEEDED
                + ",\"model\":\"gpt-image-2\"")).orElseThrow()).isNotEqualTo(key);
        assertThat(CacheKey.of(job("job-1", "\"prompt\":\"a lighthouse at dawn\"," + SEEDED
                + ",\"routing\":{\"provider\":\"openai\"}")).orElseThrow()).isNotEqualTo(key);
    }

    @Test
    void withoutAFixedSeedNoTwoRequestsAreTheSame() {
        assertThat(CacheKey.of(job("job-1", "\"prompt\":\"a lighthouse at dawn\""))).isEmpty();
    }

    @Test
    void theClientSaysHowOldAResultMayBe() {
        assertThat(CacheControl.maxAge(null)).isEmpty();
        assertThat(CacheControl.maxAge("no-cache")).isEmpty();
        assertThat(CacheControl.maxAge("max-age=0, no-cache")).isEmpty();
        assertThat(CacheControl.maxAge("max-age=600")).contains(Duration.ofMinutes(10));
        assertThat(CacheControl.maxAge("no-transform, MAX-AGE=5")).contains(Duration.ofSeconds(5));
        assertThat(CacheControl.maxAge("max-age=999999")).contains(CacheControl.LONGEST);
        assertThatThrownBy(() -> CacheControl.maxAge("max-age=soon"))
                .isInstanceOfSatisfying(MessageFormatException.class,
                        refused -> assertThat(refused.field()).isEqualTo("Cache-Control"));
    }

    private static JobRequested job(String jobId, String fields) {
        return JsonSerde.instance().read(("{\"schemaVersion\":1,\"eventId\":\"e-" + jobId + "\",\"jobId\":\"" + jobId
                + "\",\"occurredAt\":\"2026-12-02T09:00:00Z\",\"tenantId\":\"acme\",\"operation\":\"text-to-image\"," + fields + "}").getBytes(),
                JobRequested.class);
    }
}
