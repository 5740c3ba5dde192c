package io.genpipe.ingress.admin;

import io.genpipe.contracts.json.MessageFormatException;

import java.util.regex.Pattern;

/**
 * A provider's settings version as HTTP carries it: the strong entity tag {@code "3"} in {@code ETag}, and the
 * precondition of a change in {@code If-Match} (RFC 9110 §13.1.1): one or more tags, or {@code *} for whatever is in
 * force. Settings always have a representation (the catalog's defaults are version 0), so {@code *} always matches.
 */
final class Versions {

    static final String IF_MATCH = "If-Match";
    private static final Pattern TAG = Pattern.compile("\"(\\d{1,18})\"");

    private Versions() {
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }

    /**
     * @param ifMatch the header, or {@code null} when the request has none (no precondition)
     * @throws VersionMismatchException when it names no tag of {@code current}
     * @throws MessageFormatException   (400, naming {@code If-Match}) when it is not a list of strong tags
     */
    static void require(String ifMatch, String provider, long current) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return;
        }
        for (String tag : ifMatch.split(",")) {
            var matcher = TAG.matcher(tag.strip());
            if (!matcher.matches()) {
                throw MessageFormatException.invalid(IF_MATCH, "must be a version as its ETag gives it (\"3\"), or *; "
                        + "was " + ifMatch.strip());
            }
            if (Long.parseLong(matcher.group(1)) == current) {
                return;
            }
        }
        throw new VersionMismatchException(provider, ifMatch.strip(), current);
    }
}
