package io.genpipe.worker.adapter.openai;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class OpenAiSizesTest {

    @ParameterizedTest(name = "{0}x{1} -> {2}")
    @CsvSource({
            "1024, 1024, 1024x1024",
            "512, 512, 1024x1024",
            "1024, 900, 1024x1024",
            "1024, 768, 1536x1024",
            "1920, 1080, 1536x1024",
            "4096, 1024, 1536x1024",
            "768, 1024, 1024x1536",
            "1080, 1920, 1024x1536",
            "64, 4096, 1024x1536"
    })
    void mapsAnySizeToTheSupportedSizeNearestInAspectRatio(int width, int height, String expected) {
        assertThat(OpenAiSizes.nearest(width, height).wire()).isEqualTo(expected);
    }
}
