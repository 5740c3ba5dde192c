package io.genpipe.simulator.leonardo;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code multipart/form-data} body as a presigned S3 POST takes it: text fields, then one file part named
 * {@code file} (S3 ignores fields after the file). Only what client libraries send is handled: CRLF line ends, one
 * {@code Content-Disposition} with a quoted {@code name} per part.
 *
 * @param fields the text fields by name
 * @param file   the bytes of the {@code file} part; null when there was none
 */
record UploadForm(Map<String, String> fields, byte[] file) {

    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(\"?)([^\";]+)\\1");
    private static final Pattern NAME = Pattern.compile("(?i)\\bname=\"([^\"]*)\"");

    /** The form, or empty when the body is not multipart/form-data with a boundary, or is cut short. */
    static Optional<UploadForm> parse(String contentType, byte[] body) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return Optional.empty();
        }
        Matcher boundary = BOUNDARY.matcher(contentType);
        if (!boundary.find()) {
            return Optional.empty();
        }
        // ISO-8859-1 maps each byte to one char, so offsets in the text are offsets in the body.
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary.group(2);
        Map<String, String> fields = new LinkedHashMap<>();
        byte[] file = null;
        int at = text.indexOf(delimiter);
        while (at >= 0) {
            int partStart = at + delimiter.length();
            if (text.startsWith("--", partStart)) {
                return Optional.of(new UploadForm(fields, file));
            }
            int next = text.indexOf("\r\n" + delimiter, partStart);
            int headersEnd = text.indexOf("\r\n\r\n", partStart);
            if (next < 0 || headersEnd < 0 || headersEnd > next) {
                return Optional.empty();
            }
            Matcher name = NAME.matcher(text.substring(partStart, headersEnd));
            if (name.find()) {
                if (name.group(1).equals("file")) {
                    file = Arrays.copyOfRange(body, headersEnd + 4, next);
                } else if (file == null) {
                    fields.put(name.group(1), new String(Arrays.copyOfRange(body, headersEnd + 4, next),
                            StandardCharsets.UTF_8));
                }
            }
            at = next + 2;
        }
        return Optional.empty();
    }
}
