package io.genpipe.simulator.ideogram;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text fields of a {@code multipart/form-data} body (RFC 7578), which is how Ideogram 3.0 takes its input. File
 * parts (style and character reference images) are skipped: the simulator does not use them. Only what a client
 * library sends is handled: CRLF line ends, one {@code Content-Disposition} with a quoted {@code name} per part.
 */
final class MultipartForm {

    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(\"?)([^\";]+)\\1");
    private static final Pattern NAME = Pattern.compile("(?i)\\bname=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("(?i)\\bfilename=\"");

    private MultipartForm() {
    }

    /** The fields by name, or empty when the body is not multipart/form-data with a boundary. */
    static Optional<Map<String, String>> parse(String contentType, byte[] body) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return Optional.empty();
        }
        Matcher boundary = BOUNDARY.matcher(contentType);
        if (!boundary.find()) {
            return Optional.empty();
        }
        // ISO-8859-1 maps bytes to chars one to one, so the split never breaks a UTF-8 sequence; values are re-decoded.
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary.group(2);
        Map<String, String> fields = new LinkedHashMap<>();
        int at = text.indexOf(delimiter);
        while (at >= 0) {
            int partStart = at + delimiter.length();
            if (text.startsWith("--", partStart)) {
                return Optional.of(fields); // the closing delimiter
            }
            int next = text.indexOf("\r\n" + delimiter, partStart);
            if (next < 0) {
                return Optional.empty(); // no closing delimiter: a truncated body
            }
            part(text.substring(partStart, next), fields);
            at = next + 2;
        }
        return Optional.empty();
    }

    private static void part(String part, Map<String, String> fields) {
        int headersEnd = part.indexOf("\r\n\r\n");
        if (headersEnd < 0) {
            return;
        }
        String headers = part.substring(0, headersEnd);
        Matcher name = NAME.matcher(headers);
        if (!name.find() || FILENAME.matcher(headers).find()) {
            return;
        }
        String value = part.substring(headersEnd + 4);
        fields.put(name.group(1), new String(value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }
}
