package io.genpipe.simulator.openai;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An edit's body as the client sent it, and its {@code multipart/form-data} parts (RFC 7578) when it sent a form:
 * text fields and files alike, files kept as bytes. Only what client libraries send is handled: CRLF line ends, one
 * {@code Content-Disposition} with a quoted {@code name} per part.
 */
final class EditForm {

    /**
     * Edits carry images, so their bodies are far larger than a generation's: 16 images of up to 20 MB as data URLs
     * (the spec's {@code image_url} maxLength) would be more than this, which is more than any test sends; a larger
     * body is refused with a 413 rather than held.
     */
    static final int MAX_BODY_BYTES = 64 << 20;

    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(\"?)([^\";]+)\\1");
    private static final Pattern NAME = Pattern.compile("(?i)\\bname=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("(?i)\\bfilename=\"([^\"]*)\"");
    private static final byte[] CRLF_CRLF = {'\r', '\n', '\r', '\n'};

    private EditForm() {
    }

    /** One part: a text field has no filename. */
    record Part(String name, String filename, byte[] data) {

        boolean isFile() {
            return filename != null;
        }

        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    /** The body, or empty when it is larger than {@link #MAX_BODY_BYTES}. */
    static Optional<byte[]> read(HttpExchange exchange) {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                in.transferTo(OutputStream.nullOutputStream());
                return Optional.empty();
            }
            return Optional.of(body);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the request body", e);
        }
    }

    static boolean isMultipart(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /** The parts in the order sent, or empty when the body is not a complete form with the boundary it names. */
    static Optional<List<Part>> parse(String contentType, byte[] body) {
        if (!isMultipart(contentType)) {
            return Optional.empty();
        }
        Matcher boundary = BOUNDARY.matcher(contentType);
        if (!boundary.find()) {
            return Optional.empty();
        }
        byte[] delimiter = ("--" + boundary.group(2)).getBytes(StandardCharsets.ISO_8859_1);
        byte[] nextDelimiter = ("\r\n--" + boundary.group(2)).getBytes(StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int partStart = at + delimiter.length;
            if (partStart + 1 < body.length && body[partStart] == '-' && body[partStart + 1] == '-') {
                return Optional.of(parts); // the closing delimiter
            }
            int next = indexOf(body, nextDelimiter, partStart);
            if (next < 0) {
                return Optional.empty(); // no closing delimiter: a truncated body
            }
            part(Arrays.copyOfRange(body, partStart, next)).ifPresent(parts::add);
            at = next + 2;
        }
        return Optional.empty();
    }

    private static Optional<Part> part(byte[] part) {
        int headersEnd = indexOf(part, CRLF_CRLF, 0);
        if (headersEnd < 0) {
            return Optional.empty();
        }
        String headers = new String(part, 0, headersEnd, StandardCharsets.UTF_8);
        Matcher name = NAME.matcher(headers);
        if (!name.find()) {
            return Optional.empty();
        }
        Matcher filename = FILENAME.matcher(headers);
        return Optional.of(new Part(name.group(1), filename.find() ? filename.group(1) : null,
                Arrays.copyOfRange(part, headersEnd + CRLF_CRLF.length, part.length)));
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
