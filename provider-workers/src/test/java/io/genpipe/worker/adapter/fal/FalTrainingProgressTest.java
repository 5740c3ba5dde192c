package io.genpipe.worker.adapter.fal;

import io.genpipe.worker.adapter.VendorJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Reading a training's progress from the logs fal's status call lists. */
class FalTrainingProgressTest {

    static Stream<Arguments> logs() {
        return Stream.of(
                arguments("[]", null, null),
                arguments("[{\"message\":\"Preparing 1000 training steps\",\"level\":\"INFO\"}]", null,
                        "Preparing 1000 training steps"),
                arguments("[{\"message\":\"step 100/1000\"},{\"message\":\"step 400/1000\"}]", 40, "step 400/1000"),
                // the last line says nothing countable: the percent is the latest count, the message the last line
                arguments("[{\"message\":\"step 400/1000\"},{\"message\":\"saving checkpoint\"}]", 40,
                        "saving checkpoint"),
                arguments("[\"Training: 12%|##| 120 / 1000 [00:10<01:20]\"]", 12,
                        "Training: 12%|##| 120 / 1000 [00:10<01:20]"),
                arguments("[{\"message\":\"epoch 3/0\"}]", null, "epoch 3/0"),
                arguments("[{\"message\":\"line\\u0007with\\nbreaks\"}]", null, "line with breaks"),
                arguments("{\"not\":\"a list\"}", null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("logs")
    void readsThePercentFromTheLatestCountAndTheMessageFromTheLastLine(String logs, Integer percent, String message) {
        FalTrainingProgress progress = FalTrainingProgress.of(VendorJson.parse(logs));

        assertThat(progress).isEqualTo(new FalTrainingProgress(percent, message));
    }

    @ParameterizedTest(name = "{0} characters")
    @MethodSource("lengths")
    void keepsAMessageShortEnoughToPublish(int length) {
        String line = "x".repeat(length);

        String message = FalTrainingProgress.of(VendorJson.parse("[\"" + line + "\"]")).message();

        assertThat(message).hasSizeLessThanOrEqualTo(FalTrainingProgress.MAX_MESSAGE);
    }

    static Stream<Integer> lengths() {
        return Stream.of(10, FalTrainingProgress.MAX_MESSAGE, 5_000);
    }
}
