package io.genpipe.sink;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code If-Match} on a change of what an admin API versions (the alert thresholds, a budget). */
class VersionTagTest {

    @Test
    void noPreconditionOrAStarChangesWhateverIsInForce() {
        for (String unconditional : new String[] {null, "", " ", "*"}) {
            assertThat(VersionTag.conditional(unconditional)).isFalse();
            assertThatCode(() -> VersionTag.require(unconditional, 4, "Alert thresholds")).doesNotThrowAnyException();
        }
    }

    @Test
    void theVersionInForceOrAListHoldingItPasses() {
        assertThatCode(() -> VersionTag.require("\"4\"", 4, "Alert thresholds")).doesNotThrowAnyException();
        assertThatCode(() -> VersionTag.require("\"3\", \"4\"", 4, "Alert thresholds")).doesNotThrowAnyException();
        assertThat(VersionTag.of(4)).isEqualTo("\"4\"");
    }

    @Test
    void aStaleVersionIs412WithTheCurrentETag() {
        assertThatThrownBy(() -> VersionTag.require("\"3\"", 4, "Alert thresholds"))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.PRECONDITION_FAILED);
                    assertThat(e.getHeaders().getETag()).isEqualTo("\"4\"");
                    assertThat(e.getBody().getProperties()).containsEntry("currentVersion", 4L)
                            .containsEntry("field", "If-Match");
                });
    }

    @Test
    void aTagThatIsNotAVersionIs400NamingTheHeader() {
        for (String malformed : new String[] {"3", "W/\"4\"", "\"four\"", "\"3\", 5"}) {
            assertThatThrownBy(() -> VersionTag.require(malformed, 4, "Alert thresholds")).as(malformed)
                    .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                        assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
                        assertThat(e.getBody().getProperties()).containsEntry("field", "If-Match");
                    });
        }
    }
}
