package io.genpipe.sink;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * RFC 4180 CSV for the reports a spreadsheet opens: a header row, then one row per record, CRLF line ends. A value is
 * quoted when it holds a comma, a quote or a line break, and a quote inside is doubled. Absent values are empty
 * cells; amounts are written as plain decimals.
 */
public final class Csv {

    /** The media type the reports answer with when asked for {@code text/csv} (or {@code ?format=csv}). */
    public static final String MEDIA_TYPE = "text/csv";

    private final StringBuilder text = new StringBuilder();

    public Csv(List<String> header) {
        row(header);
    }

    public Csv row(List<?> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(cell(values.get(i)));
        }
        text.append("\r\n");
        return this;
    }

    /** A CSV answer, UTF-8 (a tenant or model name may be any text). */
    public static ResponseEntity<String> response(String csv) {
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8)).body(csv);
    }

    @Override
    public String toString() {
        return text.toString();
    }

    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value instanceof java.math.BigDecimal amount ? amount.toPlainString() : value.toString();
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
