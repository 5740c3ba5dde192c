package io.genpipe.contracts.event;

import io.genpipe.contracts.EventFixtures;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.json.MessageFormatException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobRequestedCallbackTest {

    private static final String MINIMAL = "{\"schemaVersion\":1,\"eventId\":\"e-1\",\"jobId\":\"job-42\","
            + "\"occurredAt\":\"2026-11-22T10:15:30Z\",\"operation\":\"text-to-image\",\"prompt\":\"A lighthouse\"}";

    private final JsonSerde serde = JsonSerde.instance();

    @Test
    void aCallbackTravelsWithTheJob() {
        JobRequested job = EventFixtures.portraitJob().withCallback("https://hooks.example/genpipe?token=s3cret");

        JobRequested read = serde.read(serde.write(job), JobRequested.class);

        assertThat(read).isEqualTo(job);
        assertThat(read.callbackUrl()).isEqualTo("https://hooks.example/genpipe?token=s3cret");
    }

    @Test
    void aJobWithoutOneStaysValidAndWritesNoMember() {
        JobRequested job = serde.read(MINIMAL, JobRequested.class);

        assertThat(job.callbackUrl()).isNull();
        assertThat(serde.writeString(job)).doesNotContain("callbackUrl");
    }

    @Test
    void aCallbackThatIsNotAnHttpUrlIsRefusedByName() {
        String json = MINIMAL.replace("}", ",\"callbackUrl\":\"ftp://hooks.example/x\"}");

        assertThatThrownBy(() -> serde.read(json, JobRequested.class))
                .isInstanceOfSatisfying(MessageFormatException.class,
                        e -> assertThat(e.field()).isEqualTo("callbackUrl"));
    }

    @Test
    void toStringShowsTheCallbacksHostButNotItsToken() {
        JobRequested job = EventFixtures.portraitJob().withCallback("https://hooks.example/s3cret-path?token=s3cret");

        assertThat(job.toString()).contains("callback=https://hooks.example").doesNotContain("s3cret");
    }
}
