package io.genpipe.sink.alerts;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The thresholds' version as HTTP carries it, as the ingress's admin API does for provider settings: the strong entity
 * tag {@code "3"} in {@code ETag}, and the precondition of a change in {@code If-Match} (RFC 9110 §13.1.1): one or
 * more tags, or {@code *}. The thresholds always have a representation (the configuration's are version 0), so
 * {@code *} always matches.
 */
final class VersionTag {

    private static final Pattern TAG = Pattern.compile("\"(\\d{1,18})\"");

    private VersionTag() {
    }

    static String of(long version) {
        return "\"" + version + "\"";
    }

    /** Whether the header sets a precondition at all: none, blank and {@code *} do not. */
    static boolean conditional(String ifMatch) {
        return ifMatch != null && !ifMatch.isBlank() && !ifMatch.strip().equals("*");
    }

    /**
     * @param ifMatch the header, or {@code null} when the request has none
     * @throws BadThresholds 412 when it names no tag of {@code current}; 400 (naming {@code If-Match}) when it is
     *                       not a list of strong tags
     */
    static void require(String ifMatch, long current) {
        if (!conditional(ifMatch)) {
            return;
        }
        for (String tag : ifMatch.split(",")) {
            Matcher matcher = TAG.matcher(tag.strip());
            if (!matcher.matches()) {
                throw BadThresholds.invalid(BadThresholds.IF_MATCH, "If-Match must be a version as the ETag gives it"
                        + " (\"3\"), or *; was " + ifMatch.strip());
            }
            if (Long.parseLong(matcher.group(1)) == current) {
                return;
            }
        }
        throw BadThresholds.stale(ifMatch.strip(), current);
    }
}
