package io.genpipe.contracts.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The {@value #HEADER} header of a webhook: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">}, keyed with
 * the shared signing secret (Stripe's scheme). The time is signed with the body, so a receiver can refuse a replayed
 * request by its age; it is the time of the attempt, so every retry is signed anew. A receiver may use
 * {@link #verify} or recompute it in any language.
 */
public final class WebhookSignature {

    public static final String HEADER = "Genpipe-Signature";
    /** The delivery's id, the same on every attempt of it: what a receiver de-duplicates on. */
    public static final String DELIVERY_HEADER = "Genpipe-Delivery";
    /** The outcome event's {@code eventId}. */
    public static final String EVENT_HEADER = "Genpipe-Event-Id";
    /** 1 for the first attempt of a delivery. */
    public static final String ATTEMPT_HEADER = "Genpipe-Attempt";

    private static final String ALGORITHM = "HmacSHA256";

    private WebhookSignature() {
    }

    /** The header's value for {@code body} sent at {@code unixSeconds}. */
    public static String header(byte[] secret, long unixSeconds, byte[] body) {
        return "t=" + unixSeconds + ",v1=" + hmacHex(secret, unixSeconds, body);
    }

    /** Hex HMAC-SHA256 of {@code "<unixSeconds>.<body>"}. */
    public static String hmacHex(byte[] secret, long unixSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has " + ALGORITHM, e);
        }
    }

    /**
     * Whether {@code header} signs {@code body} with {@code secret} at a time within {@code tolerance} of {@code now}.
     * Any of several {@code v1} values may match (a sender may sign with an old and a new secret while rotating).
     */
    public static boolean verify(byte[] secret, String header, byte[] body, Instant now, Duration tolerance) {
        if (header == null) {
            return false;
        }
        Long timestamp = null;
        for (String part : header.split(",")) {
            if (part.startsWith("t=")) {
                try {
                    timestamp = Long.parseLong(part.substring(2).trim());
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        if (timestamp == null || Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = hmacHex(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        for (String part : header.split(",")) {
            // Constant-time: a comparison that stops at the first wrong byte tells an attacker how much was right.
            if (part.startsWith("v1=")
                    && MessageDigest.isEqual(expected, part.substring(3).trim().getBytes(StandardCharsets.US_ASCII))) {
                return true;
            }
        }
        return false;
    }
}
