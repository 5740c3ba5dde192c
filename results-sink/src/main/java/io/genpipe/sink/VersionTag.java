package io.genpipe.sink;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version of what an admin API changes (the alert thresholds, one budget) as HTTP carries it, as the ingress's admin
 * API does for provider settings: the strong entity tag {@code "3"} in {@code ETag}, and the precondition of a change
 * in {@code If-Match} (RFC 9110 §13.1.1): one or more tags, or {@code *}. What is never changed is version 0, so
 * {@code *} always matches, as does no header at all.
 */
public final class VersionTag {

    public static final String IF_MATCH = "If-Match";

    private static final Pattern TAG = Pattern.compile("\"(\\d{1,18})\"");

    private VersionTag() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /** Whether the header sets a precondition at all: none, blank and {@code *} do not. */
    public static boolean conditional(String ifMatch) {
        return ifMatch != null && !ifMatch.isBlank() && !ifMatch.strip().equals("*");
    }

    /**
     * @param ifMatch the header, or {@code null} when the request has none
     * @param what    what is versioned, as the problem's title names it: "Alert thresholds", "Budget tenant:acme"
     * @throws ErrorResponseException 412 with the version in force (its {@code ETag} and {@code currentVersion}) when
     *                                the header names no tag of {@code current}; 400 naming {@code If-Match} when it
     *                                is not a list of strong tags. Both {@code application/problem+json}
     */
    public static void require(String ifMatch, long current, String what) {
        if (!conditional(ifMatch)) {
            return;
        }
        for (String tag : ifMatch.split(",")) {
            Matcher matcher = TAG.matcher(tag.strip());
            if (!matcher.matches()) {
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, IF_MATCH
                        + " must be a version as the ETag gives it (\"3\"), or *; was " + ifMatch.strip());
                problem.setTitle("Invalid " + IF_MATCH);
                problem.setProperty("field", IF_MATCH);
                throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
            }
            if (Long.parseLong(matcher.group(1)) == current) {
                return;
            }
        }
        throw stale(ifMatch.strip(), current, what);
    }

    private static ErrorResponseException stale(String asked, long current, String what) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PRECONDITION_FAILED,
                what + ": version " + current + " is in force, not " + asked
                        + ": someone changed it meanwhile. GET what is in force, and change that.");
        problem.setTitle(what + " changed meanwhile");
        problem.setProperty("field", IF_MATCH);
        problem.setProperty("currentVersion", current);
        ErrorResponseException stale = new ErrorResponseException(HttpStatus.PRECONDITION_FAILED, problem, null);
        stale.getHeaders().setETag(of(current));
        return stale;
    }
}
