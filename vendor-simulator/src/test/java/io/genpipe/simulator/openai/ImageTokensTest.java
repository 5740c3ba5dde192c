package io.genpipe.simulator.openai;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImageTokensTest {

    @Test
    void outputTokensFollowTheTableForEverySizeAndQuality() {
        assertThat(ImageTokens.outputPerImage("low", 1024, 1024)).isEqualTo(272);
        assertThat(ImageTokens.outputPerImage("low", 1024, 1536)).isEqualTo(408);
        assertThat(ImageTokens.outputPerImage("low", 1536, 1024)).isEqualTo(400);
        assertThat(ImageTokens.outputPerImage("medium", 1024, 1024)).isEqualTo(1056);
        assertThat(ImageTokens.outputPerImage("medium", 1024, 1536)).isEqualTo(1584);
        assertThat(ImageTokens.outputPerImage("medium", 1536, 1024)).isEqualTo(1568);
        assertThat(ImageTokens.outputPerImage("high", 1024, 1024)).isEqualTo(4160);
        assertThat(ImageTokens.outputPerImage("high", 1024, 1536)).isEqualTo(6240);
        assertThat(ImageTokens.outputPerImage("high", 1536, 1024)).isEqualTo(6208);
    }

    @Test
    void xhighAndMaxCountOneAndAHalfAndTwiceHigh() {
        assertThat(ImageTokens.outputPerImage("xhigh", 1024, 1024)).isEqualTo(6240);
        assertThat(ImageTokens.outputPerImage("max", 1536, 1024)).isEqualTo(2 * 6208);
    }

    @Test
    void freeSizesScaleTheSquareFigureByArea() {
        assertThat(ImageTokens.outputPerImage("high", 2048, 2048)).isEqualTo(4 * 4160);
    }

    @Test
    void promptTokensCountWords() {
        assertThat(ImageTokens.promptTokens("  a small  red boat ")).isEqualTo(4);
        assertThat(ImageTokens.promptTokens(" ")).isEqualTo(1);
    }

    @Test
    void inputImagesCountTilesOfTheirSizeFittedAsVisionInputsAre() {
        assertThat(ImageTokens.inputPerImage(1024, 1024)).isEqualTo(85 + 170 * 4); // 768x768: 2x2 tiles
        assertThat(ImageTokens.inputPerImage(300, 200)).isEqualTo(85 + 170); // small images are never enlarged
        assertThat(ImageTokens.inputPerImage(2048, 4096)).isEqualTo(85 + 170 * 6); // 768x1536: 2x3 tiles
        assertThat(ImageTokens.inputPerImage(0, 0)).as("size unknown: counted as 1024x1024").isEqualTo(765);
    }
}
