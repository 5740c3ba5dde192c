package io.genpipe.contracts.webhook;

import io.genpipe.contracts.json.MessageFormatException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The syntax of a job's {@code callbackUrl}: an absolute {@code http} or {@code https} URL that names a host, without
 * user info, at most {@value #MAX_LENGTH} characters. What it resolves to, and whether plain http is delivered to, is
 * the delivering side's policy ({@link CallbackPolicy}), not the message's.
 *
 * <p>A callback URL may carry the receiver's token in its path or query, so neither a refusal nor a log line repeats
 * it: {@link #redacted} keeps the scheme, host and port only.
 */
public final class CallbackUrl {

    public static final int MAX_LENGTH = 2048;

    private CallbackUrl() {
    }

    /**
     * @return the URL, parsed
     * @throws MessageFormatException naming {@code field} when it is not a callback URL
     */
    public static URI require(String value, String field) {
        if (value.isBlank()) {
            throw MessageFormatException.invalid(field, "must not be blank");
        }
        if (value.length() > MAX_LENGTH) {
            throw MessageFormatException.invalid(field, "must be at most " + MAX_LENGTH + " characters, was "
                    + value.length());
        }
        URI url;
        try {
            url = new URI(value);
        } catch (URISyntaxException e) {
            // The reason and position only: the URL itself may hold a token.
            throw MessageFormatException.invalid(field, "must be an absolute http or https URL: " + e.getReason()
                    + " at index " + e.getIndex());
        }
        String scheme = url.getScheme() == null ? null : url.getScheme().toLowerCase(Locale.ROOT);
        if (!"https".equals(scheme) && !"http".equals(scheme)) {
            throw MessageFormatException.invalid(field, "must be an absolute http or https URL, was "
                    + (scheme == null ? "a relative reference" : "a " + scheme + ": URL"));
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw MessageFormatException.invalid(field, "must name a host (letters, digits, '-' and '.', or an IP)");
        }
        if (url.getRawUserInfo() != null) {
            // Credentials in a URL end up in proxies' and servers' logs; a token in the path or query is the receiver's
            // choice, and the signature already proves who sent the request.
            throw MessageFormatException.invalid(field, "must not carry user info; put a token in the path or query");
        }
        if (url.getPort() == 0) {
            throw MessageFormatException.invalid(field, "port must be 1 to 65535");
        }
        return url;
    }

    /** {@code https://hooks.example:8443}: what may be logged of a callback URL. */
    public static String redacted(String value) {
        try {
            URI url = new URI(value);
            return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
        } catch (URISyntaxException e) {
            return "(unreadable URL)";
        }
    }
}
