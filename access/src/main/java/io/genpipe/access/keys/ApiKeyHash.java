package io.genpipe.access.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Keys are stored as their SHA-256, never as themselves. A salted slow hash (bcrypt) protects passwords people choose;
 * a genpipe key is 32 random bytes, which no dictionary holds, so a fast hash is as safe and costs microseconds per
 * request instead of the 50 ms or more bcrypt would add to every call.
 */
public final class ApiKeyHash {

    /** What every generated key starts with, so a leaked one is easy to recognise in a scanner. */
    public static final String PREFIX = "gp_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyHash() {
    }

    /** The lower-case hex SHA-256 of the key's UTF-8 bytes: what configuration and the database hold. */
    public static String sha256(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** A new key: {@code gp_} and 32 random bytes, URL-safe base64. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
