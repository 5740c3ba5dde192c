package io.genpipe.sink.alerts;

import io.genpipe.contracts.json.MessageFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The body of {@code PUT /v1/admin/alerts/thresholds}: what it refuses, by the member at fault, and what it means. */
class ThresholdsDocumentTest {

    private static final AlertThresholds CONFIGURED = new AlertThresholds(List.of(50, 80, 100),
            new AlertSettings.SuccessRate(true, new BigDecimal("0.90"), Duration.ofMinutes(10), 20),
            new AlertSettings.AverageTime(true, Duration.ofSeconds(15), Duration.ofMinutes(10), 20),
            new AlertSettings.CostPerImage(true, new BigDecimal("1.50"), 23, Duration.ofMinutes(10), 23),
            new AlertSettings.PrimaryDown(true, "", Duration.ofMinutes(5)));

    @ParameterizedTest(name = "{0} refused: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            successRate.below         | {"successRate": {"below": 1.5}}
            successRate.below         | {"successRate": {"below": -0.1}}
            successRate.below         | {"successRate": {"below": "0.9"}}
            successRate.enabled       | {"successRate": {"enabled": "yes"}}
            successRate.window        | {"successRate": {"window": "10m"}}
            successRate.window        | {"successRate": {"window": "PT0S"}}
            successRate.window        | {"successRate": {"window": "-PT10M"}}
            successRate.window        | {"successRate": {"window": "PT30S"}}
            successRate.window        | {"successRate": {"window": "P32D"}}
            successRate.window        | {"successRate": {"window": 600}}
            successRate.minAttempts   | {"successRate": {"minAttempts": 0}}
            successRate.minAttempts   | {"successRate": {"minAttempts": 2.5}}
            averageTime.above         | {"averageTime": {"above": "PT0S"}}
            averageTime.above         | {"averageTime": {"above": "15 seconds"}}
            averageTime.above         | {"averageTime": {"above": "PT999999999999H"}}
            averageTime.window        | {"averageTime": {"window": "PT0S"}}
            averageTime.minAttempts   | {"averageTime": {"minAttempts": -1}}
            costPerImage.usd          | {"costPerImage": {"usd": -0.01}}
            costPerImage.images       | {"costPerImage": {"images": 0}}
            costPerImage.window       | {"costPerImage": {"window": ""}}
            costPerImage.minImages    | {"costPerImage": {"minImages": 0}}
            primaryDown.after         | {"primaryDown": {"after": "-PT1M"}}
            primaryDown.after         | {"primaryDown": {"after": "soon"}}
            primaryDown.provider      | {"primaryDown": {"provider": 7}}
            budgetPercent[0]          | {"budgetPercent": [0]}
            budgetPercent[1]          | {"budgetPercent": [50, 1001]}
            budgetPercent[2]          | {"budgetPercent": [50, 80, 50]}
            budgetPercent[0]          | {"budgetPercent": [null]}
            budgetPercent[0]          | {"budgetPercent": [12.5]}
            budgetPercent             | {"budgetPercent": "50"}
            budgetPercent             | {"budgetPercent": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]}
            successRate               | {"successRate": 0.9}
            """)
    void refusesAMemberOutOfItsRangeNamingIt(String field, String body) {
        assertThatThrownBy(() -> read(body))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void saysWhatIsAcceptedInTheApisWords() {
        assertThatThrownBy(() -> read("{\"successRate\": {\"below\": 1.5}}"))
                .hasMessage("successRate.below: must be a share between 0 and 1 (0.9 is 90%), was 1.5");
        assertThatThrownBy(() -> read("{\"successRate\": {\"window\": \"10m\"}}"))
                .hasMessage("successRate.window: must be an ISO-8601 duration such as PT10M, was '10m'");
        assertThatThrownBy(() -> read("{\"costPerImage\": {\"window\": \"PT30S\"}}"))
                .hasMessage("costPerImage.window: must be a window from PT1M to P31D, was 'PT30S'");
    }

    @Test
    void aBodyThatIsNoObjectNamesNoMember() {
        for (String body : List.of("null", "", "{\"successRate\": ", "[]")) {
            assertThatThrownBy(() -> read(body)).as(body)
                    .isInstanceOfSatisfying(MessageFormatException.class, e -> assertThat(e.field()).isNull());
        }
    }

    @Test
    void takesTheEdgesOfEachRange() {
        read("""
                {"successRate": {"below": 0, "window": "PT1M", "minAttempts": 1},
                 "averageTime": {"above": "PT0.001S", "window": "P31D", "minAttempts": 1},
                 "costPerImage": {"usd": 0, "images": 1, "minImages": 1},
                 "primaryDown": {"after": "PT0S", "provider": ""},
                 "budgetPercent": [1, 1000]}""");
        read("{\"successRate\": {\"below\": 1}, \"budgetPercent\": []}");
    }

    @Test
    void membersLeftOutTakeTheConfigurationsAtEveryDepth() {
        AlertThresholds set = read("""
                {"successRate": {"below": 0.99}, "primaryDown": {"enabled": false},
                 "version": 7, "changedBy": "someone-else", "source": "operator"}""").over(CONFIGURED);

        assertThat(set.successRate()).isEqualTo(new AlertSettings.SuccessRate(true, new BigDecimal("0.99"),
                Duration.ofMinutes(10), 20));
        assertThat(set.primaryDown()).isEqualTo(new AlertSettings.PrimaryDown(false, "", Duration.ofMinutes(5)));
        assertThat(set.averageTime()).isEqualTo(CONFIGURED.averageTime());
        assertThat(set.costPerImage()).isEqualTo(CONFIGURED.costPerImage());
        assertThat(set.budgetPercent()).containsExactly(50, 80, 100);
        assertThat(read("{}").over(CONFIGURED)).isEqualTo(CONFIGURED);
    }

    @Test
    void aGetsAnswerSentBackSaysTheSameThresholds() {
        ThresholdsDocument shown = ThresholdsDocument.of(CONFIGURED);
        assertThat(shown.successRate().window()).isEqualTo("PT10M");
        assertThat(shown.successRate().below()).isEqualByComparingTo("0.9");
        String json = io.genpipe.contracts.json.JsonSerde.instance().writeString(shown);

        assertThat(ThresholdsDocument.of(read(json).over(CONFIGURED))).isEqualTo(shown);
    }

    @Test
    void namesTheMembersAChangeChanged() {
        ThresholdsDocument before = ThresholdsDocument.of(CONFIGURED);
        ThresholdsDocument after = ThresholdsDocument.of(read("""
                {"successRate": {"below": 0.900}, "costPerImage": {"usd": 2}, "budgetPercent": [80, 100]}""")
                .over(CONFIGURED));

        assertThat(before.differences(after)).containsExactly("costPerImage.usd", "budgetPercent");
        assertThat(before.differences(before)).isEmpty();
    }

    private static ThresholdsDocument read(String body) {
        return ThresholdsDocument.read(body.getBytes(StandardCharsets.UTF_8));
    }
}
