package io.genpipe.worker.adapter;

import io.genpipe.contracts.catalog.Size;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Images that vendors answer as bare bytes (Stability, Hugging Face): no envelope says their size, so it is read from
 * the file itself. A PNG's size is in its first 24 bytes and is read without decoding; anything else is decoded once
 * and written as PNG, since the image store keeps PNG files.
 */
public final class ImageBytes {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** A PNG and its size. */
    public record Png(byte[] bytes, Size size) {
    }

    private ImageBytes() {
    }

    /** The image as PNG with its size; empty when the bytes are no image this JDK can read. */
    public static Optional<Png> asPng(byte[] image) {
        Optional<Size> size = pngSize(image);
        if (size.isPresent()) {
            return Optional.of(new Png(image, size.get()));
        }
        try {
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image));
            if (decoded == null) {
                return Optional.empty();
            }
            ByteArrayOutputStream png = new ByteArrayOutputStream(image.length);
            if (!ImageIO.write(decoded, "png", png)) {
                return Optional.empty();
            }
            return Optional.of(new Png(png.toByteArray(), new Size(decoded.getWidth(), decoded.getHeight())));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** The width and height in a PNG's IHDR chunk, which the format puts first. */
    static Optional<Size> pngSize(byte[] image) {
        if (image == null || image.length < 24 || !Arrays.equals(image, 0, 8, PNG_SIGNATURE, 0, 8)
                || image[12] != 'I' || image[13] != 'H' || image[14] != 'D' || image[15] != 'R') {
            return Optional.empty();
        }
        int width = int32(image, 16);
        int height = int32(image, 20);
        return width > 0 && height > 0 ? Optional.of(new Size(width, height)) : Optional.empty();
    }

    private static int int32(byte[] bytes, int at) {
        return (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8 | bytes[at + 3] & 0xff;
    }
}
