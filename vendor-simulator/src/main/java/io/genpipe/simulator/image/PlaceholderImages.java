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
 * caller asked for, the file is 64x64 and the vendor's response reports the requested size, except for
 * {@link #png(int, int, int)}, which draws the size asked for.
 */
public final class PlaceholderImages {

    public static final int SIDE = 64;
    /** Distinct colours seen in a run stay few; the bound only guards against a flood of prompts. */
    private static final int CACHE_LIMIT = 4_096;

    /** Sized images are larger to draw; a few hundred distinct ones cover any test run. */
    private static final int SIZED_CACHE_LIMIT = 256;
    /** 16 megapixels: more than any vendor makes, and a guard against a typo drawing gigabytes. */
    private static final long MAX_SIZED_PIXELS = 16L * 1024 * 1024;

    private final Map<Integer, byte[]> pngByColour = new ConcurrentHashMap<>();
    private final Map<SizedKey, byte[]> sizedPngs = new ConcurrentHashMap<>();

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

    /**
     * PNG bytes of a {@code width} x {@code height} image in {@code rgb}, for vendors that answer bare image bytes
     * (Stability, Hugging Face): with no envelope reporting a size, the file itself must have the size asked for.
     * One colour compresses to a few KB at any size. Callers must not modify the array.
     */
    public byte[] png(int rgb, int width, int height) {
        if (width < 1 || height < 1 || (long) width * height > MAX_SIZED_PIXELS) {
            throw new IllegalArgumentException("cannot draw a " + width + "x" + height + " placeholder");
        }
        SizedKey key = new SizedKey(rgb, width, height);
        byte[] cached = sizedPngs.get(key);
        if (cached != null) {
            return cached;
        }
        if (sizedPngs.size() >= SIZED_CACHE_LIMIT) {
            sizedPngs.clear();
        }
        return sizedPngs.computeIfAbsent(key, k -> encode(k.rgb(), k.width(), k.height()));
    }

    private record SizedKey(int rgb, int width, int height) {
    }

    private static byte[] encode(int rgb) {
        return encode(rgb, SIDE, SIDE);
    }

    private static byte[] encode(int rgb, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[width];
        java.util.Arrays.fill(row, rgb);
        for (int y = 0; y < height; y++) {
            image.setRGB(0, y, width, 1, row, 0, width);
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
