package io.genpipe.simulator.replicate;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code multipart/form-data} body of {@code POST /v1/files} (RFC 7578): its parts by name, file parts kept as
 * bytes with their filename and type. Only what client libraries send is handled: CRLF line ends, one
 * {@code Content-Disposition} with a quoted {@code name} per part; a name sent twice keeps its last part.
 */
final class UploadForm {

    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(\"?)([^\";]+)\\1");
    private static final Pattern NAME = Pattern.compile("(?i)\\bname=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("(?i)\\bfilename=\"([^\"]*)\"");
    private static final Pattern TYPE = Pattern.compile("(?im)^content-type:\\s*([^\\r\\n;]+)");
    private static final byte[] CRLF_CRLF = {'\r', '\n', '\r', '\n'};

    private UploadForm() {
    }

    /** @param contentType the part's own type; null when it named none */
    record Part(String filename, String contentType, byte[] data) {

        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    /** The body, or empty when it is larger than {@code limit} bytes (then read to its end and dropped). */
    static Optional<byte[]> read(HttpExchange exchange, int limit) {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                in.transferTo(OutputStream.nullOutputStream());
                return Optional.empty();
            }
            return Optional.of(body);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the request body", e);
        }
    }

    /** The parts by name, or empty when the body is not a complete form with the boundary it names. */
    static Optional<Map<String, Part>> parse(String contentType, byte[] body) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return Optional.empty();
        }
        Matcher boundary = BOUNDARY.matcher(contentType);
        if (!boundary.find()) {
            return Optional.empty();
        }
        byte[] delimiter = ("--" + boundary.group(2)).getBytes(StandardCharsets.ISO_8859_1);
        byte[] nextDelimiter = ("\r\n--" + boundary.group(2)).getBytes(StandardCharsets.ISO_8859_1);
        Map<String, Part> parts = new LinkedHashMap<>();
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int start = at + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                return Optional.of(parts);
            }
            int next = indexOf(body, nextDelimiter, start);
            if (next < 0) {
                return Optional.empty();
            }
            addPart(Arrays.copyOfRange(body, start, next), parts);
            at = next + 2;
        }
        return Optional.empty();
    }

    private static void addPart(byte[] part, Map<String, Part> parts) {
        int headersEnd = indexOf(part, CRLF_CRLF, 0);
        if (headersEnd < 0) {
            return;
        }
        String headers = new String(part, 0, headersEnd, StandardCharsets.UTF_8);
        Matcher name = NAME.matcher(headers);
        if (!name.find()) {
            return;
        }
        Matcher filename = FILENAME.matcher(headers);
        Matcher type = TYPE.matcher(headers);
        parts.put(name.group(1), new Part(filename.find() ? filename.group(1) : null,
                type.find() ? type.group(1).strip() : null,
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
