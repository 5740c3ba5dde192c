package io.genpipe.contracts.event;

import io.genpipe.contracts.json.MessageFormatException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The syntax of an input image reference: an absolute {@code https} or {@code http} URL the vendor (or the worker)
 * can fetch, or a {@code file:} reference into the image store, as the ingress gives for an upload. Never the bytes:
 * a {@code data:} URI would put the image into Kafka, so it is refused.
 */
public final class InputImages {

    public static final int MAX_LENGTH = 2048;

    private static final Set<String> SCHEMES = Set.of("https", "http", "file");

    private InputImages() {
    }

    public static String require(String value, String field) {
        Require.text(value, field);
        if (value.length() > MAX_LENGTH) {
            throw MessageFormatException.invalid(field, "must be at most " + MAX_LENGTH + " characters, was "
                    + value.length());
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            // The reason and position only: a signed URL carries its signature in the query.
            throw MessageFormatException.invalid(field, "must be an https URL or a file: reference into the image"
                    + " store: " + e.getReason() + " at index " + e.getIndex());
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            throw MessageFormatException.invalid(field, "must be an https URL or a file: reference into the image"
                    + " store, was " + (scheme == null ? "a relative reference" : "a " + scheme + ": URI")
                    + ("data".equals(scheme) ? " (image bytes never travel in messages: upload them first)" : ""));
        }
        if (!"file".equals(scheme) && (uri.getHost() == null || uri.getHost().isEmpty())) {
            throw MessageFormatException.invalid(field, "must name a host");
        }
        return value;
    }

    static List<String> requireAll(List<String> values, String field, int max) {
        List<String> copy = Require.listOrEmpty(values);
        if (copy.size() > max) {
            throw MessageFormatException.invalid(field, "takes at most " + max + " images, was " + copy.size());
        }
        for (int i = 0; i < copy.size(); i++) {
            require(copy.get(i), field + "[" + i + "]");
        }
        return copy;
    }

    /** Scheme, host and the last path segment: enough to tell images apart in a log, without a URL's signature. */
    public static String redacted(String value) {
        try {
            URI uri = new URI(value);
            String path = uri.getPath() == null ? "" : uri.getPath();
            String last = path.substring(path.lastIndexOf('/') + 1);
            return uri.getScheme() + ":" + (uri.getHost() == null ? "" : "//" + uri.getHost()) + "/…/" + last;
        } catch (URISyntaxException e) {
            return "(unparsable)";
        }
    }
}
