package io.genpipe.worker.adapter;

import io.genpipe.contracts.catalog.Size;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading the size of images that vendors answer as bare bytes. */
class ImageBytesTest {

    @Test
    void aPngKeepsItsBytesAndItsSizeIsReadFromTheHeader() throws IOException {
        byte[] png = encode("png", 640, 1536);

        ImageBytes.Png read = ImageBytes.asPng(png).orElseThrow();

        assertThat(read.bytes()).isSameAs(png);
        assertThat(read.size()).isEqualTo(new Size(640, 1536));
    }

    @Test
    void aJpegIsWrittenAsPngOfTheSameSize() throws IOException {
        ImageBytes.Png read = ImageBytes.asPng(encode("jpeg", 96, 64)).orElseThrow();

        assertThat(read.size()).isEqualTo(new Size(96, 64));
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(read.bytes()));
        assertThat(ImageBytes.pngSize(read.bytes())).contains(new Size(96, 64));
        assertThat(decoded.getWidth()).isEqualTo(96);
    }

    @Test
    void bytesThatAreNoImageAreNothing() {
        assertThat(ImageBytes.asPng("{\"error\":\"not an image\"}".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(ImageBytes.asPng(new byte[0])).isEmpty();
    }

    private static byte[] encode(String format, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).isTrue();
        return out.toByteArray();
    }
}
