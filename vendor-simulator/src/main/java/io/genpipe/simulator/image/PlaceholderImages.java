package io.genpipe.simulator.image;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real, small PNG files standing in for generated images: 64x64, one colour derived from the prompt, so
 * the same prompt always gives the same picture and clients can decode what they get. Whatever size a
 * caller asked for, the file is 64x64; the vendor's response reports the requested size.
 */
public final class PlaceholderImages {

    public static final int SIDE = 64;
    /** Distinct colours seen in a run stay few; the bound only guards against a flood of prompts. */
    private static final int CACHE_LIMIT = 4_096;

    private final Map<Integer, byte[]> pngByColour = new ConcurrentHashMap<>();

    /** A 24-bit RGB colour for image {@code index} of {@code prompt}. */
    public static int colourOf(String prompt, int index) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : (prompt + '#' + index).getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return (int) (hash ^ (hash >>> 29)) & 0xFFFFFF;
    }

    public static String hex(int rgb) {
        return String.format("%06x", rgb & 0xFFFFFF);
    }

    /** PNG bytes of a 64x64 image in {@code rgb}. Callers must not modify the array. */
    public byte[] png(int rgb) {
        byte[] cached = pngByColour.get(rgb);
        if (cached != null) {
            return cached;
        }
        if (pngByColour.size() >= CACHE_LIMIT) {
            pngByColour.clear();
        }
        return pngByColour.computeIfAbsent(rgb, PlaceholderImages::encode);
    }

    private static byte[] encode(int rgb) {
        BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("this JDK has no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
