package io.genpipe.ingress.cache;

import io.genpipe.contracts.json.MessageFormatException;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request's {@code Cache-Control: max-age=<seconds>}: the client accepts an earlier job's result this old at most
 * (RFC 9111's request directive). Absent, or {@code no-cache}, the request makes a new job as always.
 */
public final class CacheControl {

    public static final String HEADER = "Cache-Control";
    /** A day: results are the vendors' URLs, which expire within hours anyway. */
    public static final Duration LONGEST = Duration.ofDays(1);
    private static final Pattern MAX_AGE = Pattern.compile("(?i)(?:^|,)\\s*max-age=(\\d{1,9})\\s*(?:,|$)");

    private CacheControl() {
    }

    /** @throws MessageFormatException naming the header when it asks for a cache in words this does not read */
    public static Optional<Duration> maxAge(String header) {
        if (header == null || header.isBlank() || header.toLowerCase(Locale.ROOT).contains("no-cache")) {
            return Optional.empty();
        }
        Matcher matcher = MAX_AGE.matcher(header);
        if (!matcher.find()) {
            throw MessageFormatException.invalid(HEADER, "takes max-age=<seconds> (or no-cache), was '" + header + "'");
        }
        Duration age = Duration.ofSeconds(Long.parseLong(matcher.group(1)));
        return Optional.of(age.compareTo(LONGEST) > 0 ? LONGEST : age);
    }
}
