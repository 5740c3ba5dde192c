package io.genpipe.contracts.webhook;

import io.genpipe.contracts.json.MessageFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallbackUrlTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://hooks.example/genpipe", "HTTPS://hooks.example", "http://127.0.0.1:9000/h?t=1",
            "https://[2001:db8::1]:8443/hook"})
    void absoluteHttpUrlsWithAHostAreCallbacks(String url) {
        assertThat(CallbackUrl.require(url, "callbackUrl").getHost()).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "/relative/hook", "ftp://hooks.example/x", "mailto:ops@example.com",
            "https:///no-host", "https://user:s3cret@hooks.example/", "https://hooks.example:0/", "https://hooks example/",
            "file:///etc/passwd"})
    void anythingElseIsRefusedNamingTheFieldButNotRepeatingTheUrl(String url) {
        assertThatThrownBy(() -> CallbackUrl.require(url, "callbackUrl"))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> {
                    assertThat(e.field()).isEqualTo("callbackUrl");
                    assertThat(e.getMessage()).doesNotContain("s3cret", "passwd");
                });
    }

    @Test
    void aVeryLongUrlIsRefused() {
        String url = "https://hooks.example/" + "a".repeat(CallbackUrl.MAX_LENGTH);

        assertThatThrownBy(() -> CallbackUrl.require(url, "callbackUrl")).hasMessageContaining("at most 2048");
    }

    @Test
    void redactedKeepsSchemeHostAndPortOnly() {
        assertThat(CallbackUrl.redacted("https://hooks.example:8443/genpipe/s3cret?token=s3cret"))
                .isEqualTo("https://hooks.example:8443");
        assertThat(CallbackUrl.redacted("https://hooks.example/x?token=s3cret")).isEqualTo("https://hooks.example");
    }
}
