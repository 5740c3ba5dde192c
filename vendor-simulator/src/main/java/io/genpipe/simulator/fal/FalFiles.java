package io.genpipe.simulator.fal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.ZipInputStream;

/**
 * The file references fal's models take in their input ({@code image_url}, {@code images_data_url}, a LoRA's
 * {@code path}): an http(s) URL, which fal downloads and the simulator takes on trust, or a data URI, which carries
 * the file itself and so can be checked here.
 */
final class FalFiles {

    private FalFiles() {
    }

    /** A reference to a file: an absolute http(s) URL with a host, or a {@code data:} URI. */
    static boolean isUrlOrDataUri(String reference) {
        return isDataUri(reference) || isHttpUrl(reference);
    }

    static boolean isDataUri(String reference) {
        return reference.regionMatches(true, 0, "data:", 0, 5);
    }

    /** The bytes a base64 data URI carries; empty when it is not one or its data does not decode. */
    static Optional<byte[]> dataUriBytes(String reference) {
        int comma = reference.indexOf(',');
        if (!isDataUri(reference) || comma < 0
                || !reference.substring(0, comma).toLowerCase(Locale.ROOT).endsWith(";base64")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Base64.getDecoder().decode(reference.substring(comma + 1)));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    /** PNG, JPEG, WebP or GIF, by their first bytes: the formats fal's image models load. */
    static boolean isImage(byte[] bytes) {
        return startsWith(bytes, 0x89, 'P', 'N', 'G')
                || startsWith(bytes, 0xFF, 0xD8, 0xFF)
                || startsWith(bytes, 'G', 'I', 'F', '8')
                || bytes.length >= 12 && startsWith(bytes, 'R', 'I', 'F', 'F')
                && bytes[8] == 'W' && bytes[9] == 'E' && bytes[10] == 'B' && bytes[11] == 'P';
    }

    /** A zip archive holding at least one file: what a training set must be. */
    static boolean isZipWithEntries(byte[] bytes) {
        if (!startsWith(bytes, 'P', 'K', 3, 4)) {
            return false;
        }
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            return zip.getNextEntry() != null;
        } catch (IOException | IllegalArgumentException corrupt) {
            return false;
        }
    }

    private static boolean isHttpUrl(String reference) {
        try {
            URI uri = new URI(reference);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null;
        } catch (java.net.URISyntaxException notAUri) {
            return false;
        }
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
