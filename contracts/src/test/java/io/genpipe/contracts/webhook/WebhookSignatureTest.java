package io.genpipe.contracts.webhook;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTest {

    private static final byte[] SECRET = "whsec_test_secret".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BODY = "{\"type\":\"JobSucceeded\",\"jobId\":\"job-42\"}".getBytes(StandardCharsets.UTF_8);
    private static final long T = 1_700_000_000L;
    private static final Instant SENT = Instant.ofEpochSecond(T);
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    @Test
    void signsTheTimeAndBodyAsOpensslDoes() {
        // printf '%s' '1700000000.{"type":"JobSucceeded","jobId":"job-42"}' | openssl dgst -sha256 -hmac whsec_test_secret
        assertThat(WebhookSignature.header(SECRET, T, BODY)).isEqualTo(
                "t=1700000000,v1=56be25add95748d5b479ece49d1635fa8146106a2d29704b2c7bc07954dce673");
    }

    @Test
    void verifiesItsOwnSignatureWithinTheTolerance() {
        String header = WebhookSignature.header(SECRET, T, BODY);

        assertThat(WebhookSignature.verify(SECRET, header, BODY, SENT.plusSeconds(299), FIVE_MINUTES)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, header, BODY, SENT.plusSeconds(301), FIVE_MINUTES)).isFalse();
    }

    @Test
    void refusesAnotherBodyAnotherSecretOrAnotherTime() {
        String header = WebhookSignature.header(SECRET, T, BODY);
        byte[] tampered = "{\"type\":\"JobSucceeded\",\"jobId\":\"job-43\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(WebhookSignature.verify(SECRET, header, tampered, SENT, FIVE_MINUTES)).isFalse();
        assertThat(WebhookSignature.verify("other".getBytes(StandardCharsets.UTF_8), header, BODY, SENT, FIVE_MINUTES))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, header.replace("t=1700000000", "t=1700000001"), BODY, SENT,
                FIVE_MINUTES)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, null, BODY, SENT, FIVE_MINUTES)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, "v1=abc", BODY, SENT, FIVE_MINUTES)).isFalse();
    }

    @Test
    void anyOfSeveralSignaturesMayMatchWhileASecretIsRotated() {
        String old = WebhookSignature.hmacHex("old".getBytes(StandardCharsets.UTF_8), T, BODY);
        String header = "t=" + T + ",v1=" + old + ",v1=" + WebhookSignature.hmacHex(SECRET, T, BODY);

        assertThat(WebhookSignature.verify(SECRET, header, BODY, SENT, FIVE_MINUTES)).isTrue();
    }
}
