package io.genpipe.simulator.image;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Real PNG files standing in for generated images: one colour derived from the prompt, so the same prompt always
 * gives the same picture and clients can decode what they get, drawn at the size the vendor was asked for, so a
 * client that reports a wrong size shows it. {@link #png(int)} is the small 64x64 stand-in for calls that name no
 * size.
 *
 * <p>Drawing is cheap at any size: the file is a 1-bit palette PNG, whose pixel data is the same for every colour
 * (all zeros) and whose one palette entry holds the colour. So one template is kept per size, and a colour is the
 * template with its 3 palette bytes and their checksum rewritten: a few hundred bytes per size, whatever the number
 * of prompts, and no image is ever decoded or rasterised.
 */
public final class PlaceholderImages {

    public static final int SIDE = 64;
    /** The sizes in a run are few (a vendor's presets); the bound only guards against a flood of odd sizes. */
    private static final int TEMPLATE_LIMIT = 1_024;
    /** 16 megapixels: more than any vendor makes, and a guard against a typo drawing gigabytes. */
    private static final long MAX_SIZED_PIXELS = 16L * 1024 * 1024;
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    /** Signature (8) + IHDR chunk (4 length + 4 type + 13 data + 4 CRC). */
    private static final int PLTE_CHUNK = 8 + 25;
    private static final int PLTE_DATA = PLTE_CHUNK + 8;
    /**
     * The end of a file name that says what to draw, as the simulated CDNs name their files: an optional
     * {@code {width}x{height}-} then the colour, {@code rrggbb.png}.
     */
    private static final Pattern SIZED_NAME = Pattern.compile("(?:([0-9]{1,5})x([0-9]{1,5})-)?([0-9a-f]{6})\\.png$");

    private final Map<Long, byte[]> templates = new ConcurrentHashMap<>();

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

    /**
     * The end of a file name ({@code 1024x768-rrggbb.png}) from which {@link #named} draws image {@code index} of
     * {@code prompt} at that size.
     */
    public static String fileName(int width, int height, String prompt, int index) {
        return width + "x" + height + "-" + hex(colourOf(prompt, index)) + ".png";
    }

    /** PNG bytes of a 64x64 image in {@code rgb}. Callers must not modify the array. */
    public byte[] png(int rgb) {
        return png(rgb, SIDE, SIDE);
    }

    /**
     * PNG bytes of a {@code width} x {@code height} image in {@code rgb}: the size asked for, so that a vendor's
     * answer can be checked against the file itself. A new array each call.
     */
    public byte[] png(int rgb, int width, int height) {
        if (width < 1 || height < 1 || (long) width * height > MAX_SIZED_PIXELS) {
            throw new IllegalArgumentException("cannot draw a " + width + "x" + height + " placeholder");
        }
        long key = (long) width << 32 | height;
        byte[] template = templates.get(key);
        if (template == null) {
            if (templates.size() >= TEMPLATE_LIMIT) {
                templates.clear();
            }
            template = templates.computeIfAbsent(key, k -> template(width, height));
        }
        return recoloured(template, rgb);
    }

    /**
     * The image a simulated CDN file name asks for: its size when the name carries one ({@link #fileName}), else the
     * 64x64 stand-in (names made before sizes were drawn); empty when the name is not one, or its size too large.
     */
    public Optional<byte[]> named(String path) {
        Matcher name = SIZED_NAME.matcher(path);
        if (!name.find()) {
            return Optional.empty();
        }
        int rgb = Integer.parseInt(name.group(3), 16);
        if (name.group(1) == null) {
            return Optional.of(png(rgb));
        }
        try {
            return Optional.of(png(rgb, Integer.parseInt(name.group(1)), Integer.parseInt(name.group(2))));
        } catch (IllegalArgumentException tooLarge) {
            return Optional.empty();
        }
    }

    private static byte[] recoloured(byte[] template, int rgb) {
        byte[] png = template.clone();
        png[PLTE_DATA] = (byte) (rgb >>> 16);
        png[PLTE_DATA + 1] = (byte) (rgb >>> 8);
        png[PLTE_DATA + 2] = (byte) rgb;
        CRC32 crc = new CRC32();
        crc.update(png, PLTE_CHUNK + 4, 4 + 3); // the chunk's type and data
        ByteBuffer.wrap(png, PLTE_DATA + 3, 4).putInt((int) crc.getValue());
        return png;
    }

    /** A 1-bit palette PNG of that size, every pixel palette entry 0 (black until recoloured). */
    private static byte[] template(int width, int height) {
        int rowBytes = 1 + (width + 7) / 8; // the filter byte (0, none), then the bits
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(SIGNATURE);
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 1).put((byte) 3).put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "PLTE", new byte[3]);
        chunk(out, "IDAT", deflatedZeros((long) rowBytes * height));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** zlib data of {@code length} zero bytes, made without holding them all: a 4K image is 2 MB of zeros. */
    private static byte[] deflatedZeros(long length) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        byte[] zeros = new byte[64 * 1024];
        byte[] buffer = new byte[8 * 1024];
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try {
            for (long left = length; left > 0; left -= zeros.length) {
                deflater.setInput(zeros, 0, (int) Math.min(zeros.length, left));
                while (!deflater.needsInput()) {
                    out.write(buffer, 0, deflater.deflate(buffer));
                }
            }
            deflater.finish();
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** For tests: the sizes held. */
    int templatesHeld() {
        return templates.size();
    }
}
