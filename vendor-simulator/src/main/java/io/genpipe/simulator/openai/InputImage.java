package io.genpipe.simulator.openai;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * One input image of an edit, as far as the simulator can know it: its size when it came as bytes (a multipart file
 * or a data URL), nothing when it came by reference (an https URL, a file id), which the simulator never fetches.
 *
 * @param width  pixels; 0 when unknown
 * @param height pixels; 0 when unknown
 */
record InputImage(int width, int height) {

    /** An image named by an https URL or a file id: there, but of a size the simulator does not know. */
    static final InputImage BY_REFERENCE = new InputImage(0, 0);

    boolean sizeKnown() {
        return width > 0 && height > 0;
    }

    /** The image these bytes are, when they are a PNG, JPEG or WebP file whose header gives its size. */
    static Optional<InputImage> of(byte[] bytes) {
        return png(bytes).or(() -> jpeg(bytes)).or(() -> webp(bytes));
    }

    /**
     * The image a {@code data:image/...;base64,...} URL holds; empty when it is not base64 of an image, which OpenAI
     * refuses with a 400.
     */
    static Optional<InputImage> ofDataUrl(String url) {
        int comma = url.indexOf(',');
        if (comma < 0) {
            return Optional.empty();
        }
        String header = url.substring(0, comma).toLowerCase(Locale.ROOT);
        if (!header.startsWith("data:image/") || !header.endsWith(";base64")) {
            return Optional.empty();
        }
        try {
            return of(Base64.getDecoder().decode(url.substring(comma + 1)));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    private static Optional<InputImage> png(byte[] b) {
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        if (b.length < 24 || !startsWith(b, signature, 0) || !startsWith(b, "IHDR".getBytes(StandardCharsets.US_ASCII), 12)) {
            return Optional.empty();
        }
        return sized(int32(b, 16), int32(b, 20));
    }

    /** Walks the JPEG markers to the first start-of-frame, which holds the size. */
    private static Optional<InputImage> jpeg(byte[] b) {
        if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
            return Optional.empty();
        }
        int at = 2;
        while (at + 9 < b.length) {
            if ((b[at] & 0xFF) != 0xFF) {
                return Optional.empty();
            }
            int marker = b[at + 1] & 0xFF;
            int length = int16(b, at + 2);
            boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (startOfFrame) {
                return sized(int16(b, at + 7), int16(b, at + 5));
            }
            if (length < 2) {
                return Optional.empty();
            }
            at += 2 + length;
        }
        return Optional.empty();
    }

    /** The three WebP layouts: lossy (VP8), lossless (VP8L) and extended (VP8X). */
    private static Optional<InputImage> webp(byte[] b) {
        if (b.length < 30 || !startsWith(b, "RIFF".getBytes(StandardCharsets.US_ASCII), 0)
                || !startsWith(b, "WEBP".getBytes(StandardCharsets.US_ASCII), 8)) {
            return Optional.empty();
        }
        String chunk = new String(b, 12, 4, StandardCharsets.US_ASCII);
        return switch (chunk) {
            case "VP8 " -> sized(int16le(b, 26) & 0x3FFF, int16le(b, 28) & 0x3FFF);
            case "VP8L" -> {
                int bits = (b[21] & 0xFF) | (b[22] & 0xFF) << 8 | (b[23] & 0xFF) << 16 | (b[24] & 0xFF) << 24;
                yield sized((bits & 0x3FFF) + 1, (bits >>> 14 & 0x3FFF) + 1);
            }
            case "VP8X" -> sized(int24le(b, 24) + 1, int24le(b, 27) + 1);
            default -> Optional.empty();
        };
    }

    private static Optional<InputImage> sized(int width, int height) {
        return width > 0 && height > 0 ? Optional.of(new InputImage(width, height)) : Optional.empty();
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix, int at) {
        if (bytes.length < at + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int int32(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF;
    }

    private static int int16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
    }

    private static int int16le(byte[] b, int at) {
        return b[at] & 0xFF | (b[at + 1] & 0xFF) << 8;
    }

    private static int int24le(byte[] b, int at) {
        return b[at] & 0xFF | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16;
    }
}
