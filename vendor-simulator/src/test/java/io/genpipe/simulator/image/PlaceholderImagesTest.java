package io.genpipe.simulator.image;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlaceholderImagesTest {

    private final PlaceholderImages images = new PlaceholderImages();

    @Test
    void drawsTheAskedSizeInTheAskedColour() throws IOException {
        BufferedImage image = decode(images.png(0x3a7fc1, 1344, 768));

        assertThat(image.getWidth()).isEqualTo(1344);
        assertThat(image.getHeight()).isEqualTo(768);
        assertThat(image.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x3a7fc1);
        assertThat(image.getRGB(1343, 767) & 0xFFFFFF).isEqualTo(0x3a7fc1);
    }

    @Test
    void aLargeImageIsSmallToSendAndOneTemplateServesEveryColourOfASize() throws IOException {
        byte[] red = images.png(0xff0000, 3840, 2160);
        byte[] blue = images.png(0x0000ff, 3840, 2160);
        images.png(0x00ff00, 1024, 1024);

        assertThat(red.length).as("bytes of a 4K image").isLessThan(16 * 1024);
        assertThat(decode(blue).getRGB(100, 100) & 0xFFFFFF).isEqualTo(0x0000ff);
        assertThat(decode(red).getRGB(100, 100) & 0xFFFFFF).isEqualTo(0xff0000);
        assertThat(images.templatesHeld()).as("by size, not by colour").isEqualTo(2);
    }

    @Test
    void aFileNameSaysWhatToDraw() throws IOException {
        String name = "/files/req-1-" + PlaceholderImages.fileName(832, 1248, "a cat", 0);

        BufferedImage image = decode(images.named(name).orElseThrow());

        assertThat(image.getWidth()).isEqualTo(832);
        assertThat(image.getHeight()).isEqualTo(1248);
        assertThat(image.getRGB(0, 0) & 0xFFFFFF).isEqualTo(PlaceholderImages.colourOf("a cat", 0));
        assertThat(decode(images.named("/files/old-name-00ff00.png").orElseThrow()).getWidth())
                .as("a name without a size").isEqualTo(PlaceholderImages.SIDE);
        assertThat(images.named("/files/99999x99999-00ff00.png")).as("too large to draw").isEmpty();
        assertThat(images.named("/files/not-an-image.txt")).isEmpty();
    }

    @Test
    void refusesSizesNoVendorMakes() {
        assertThatThrownBy(() -> images.png(0, 0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> images.png(0, 8192, 8192)).isInstanceOf(IllegalArgumentException.class);
    }

    private static BufferedImage decode(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }
}
