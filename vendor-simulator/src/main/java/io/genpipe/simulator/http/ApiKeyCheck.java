package io.genpipe.simulator.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks an {@code Authorization} header of the form {@code <scheme> <key>}. With no expected key any
 * non-empty key passes, so local runs work with placeholder keys; the scheme is always enforced
 * because sending {@code Bearer} to fal (or {@code Key} to OpenAI) is a real client bug.
 */
public final class ApiKeyCheck {

    private final String scheme;
    private final byte[] expectedKey;

    public ApiKeyCheck(String scheme, String expectedKey) {
        this.scheme = scheme;
        this.expectedKey = expectedKey == null ? null : expectedKey.getBytes(StandardCharsets.UTF_8);
    }

    public boolean accepts(String authorizationHeader) {
        if (authorizationHeader == null) {
            return false;
        }
        String header = authorizationHeader.strip();
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).equalsIgnoreCase(scheme)) {
            return false;
        }
        String key = header.substring(space + 1).strip();
        if (key.isEmpty()) {
            return false;
        }
        return expectedKey == null || MessageDigest.isEqual(expectedKey, key.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "ApiKeyCheck[" + scheme + (expectedKey == null ? " any key" : " one key") + "]";
    }
}
