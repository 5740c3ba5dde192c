package io.genpipe.simulator.profile;

import io.genpipe.simulator.LatencyProfile;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON form of a {@link VendorProfile} on {@code /__simulator/profile}. Durations are written as
 * ISO-8601 ({@code "PT0.5S"}) and read as ISO-8601 strings or as a number of milliseconds. A PUT body
 * may name only the fields it changes; the others keep their current value.
 */
final class ProfileJson {

    private ProfileJson() {
    }

    static Map<String, Object> write(Vendor vendor, VendorProfile profile, long requestCount) {
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("median", profile.latency().median().toString());
        latency.put("p95", profile.latency().p95().toString());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("vendor", vendor.name());
        json.put("latency", latency);
        json.put("errorRate", profile.errorRate());
        json.put("rateLimitRate", profile.rateLimitRate());
        json.put("creditExhausted", profile.creditExhausted());
        json.put("outage", profile.outage());
        json.put("retryAfter", profile.retryAfter() == null ? null : profile.retryAfter().toString());
        json.put("requestsPerMinute", profile.requestsPerMinute());
        json.put("concurrency", profile.concurrency());
        json.put("malformedRate", profile.malformedRate());
        json.put("requestCount", requestCount);
        return json;
    }

    /** {@code current} with the fields present in {@code patch} replaced. */
    static VendorProfile merge(VendorProfile current, JsonNode patch) {
        if (!patch.isObject()) {
            throw new IllegalArgumentException("the profile must be a JSON object");
        }
        VendorProfile merged = current;
        if (patch.has("latency")) {
            merged = merged.withLatency(latency(current.latency(), patch.get("latency")));
        }
        if (patch.has("errorRate")) {
            merged = merged.withErrorRate(number(patch.get("errorRate"), "errorRate"));
        }
        if (patch.has("rateLimitRate")) {
            merged = merged.withRateLimitRate(number(patch.get("rateLimitRate"), "rateLimitRate"));
        }
        if (patch.has("creditExhausted")) {
            merged = merged.withCreditExhausted(bool(patch.get("creditExhausted"), "creditExhausted"));
        }
        if (patch.has("outage")) {
            merged = merged.withOutage(bool(patch.get("outage"), "outage"));
        }
        if (patch.has("retryAfter")) {
            JsonNode wait = patch.get("retryAfter");
            merged = merged.withRetryAfter(wait.isNull() ? null : duration(wait, "retryAfter"));
        }
        if (patch.has("requestsPerMinute")) {
            merged = merged.withRequestsPerMinute(limit(patch.get("requestsPerMinute"), "requestsPerMinute"));
        }
        if (patch.has("concurrency")) {
            merged = merged.withConcurrency(limit(patch.get("concurrency"), "concurrency"));
        }
        if (patch.has("malformedRate")) {
            merged = merged.withMalformedRate(number(patch.get("malformedRate"), "malformedRate"));
        }
        return merged;
    }

    private static LatencyProfile latency(LatencyProfile current, JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("latency must be an object with median and/or p95");
        }
        Duration median = node.has("median") ? duration(node.get("median"), "latency.median") : current.median();
        Duration p95 = node.has("p95") ? duration(node.get("p95"), "latency.p95") : null;
        // Moving only the median of a fixed latency should keep it fixed rather than fail p95 >= median.
        if (p95 == null) {
            p95 = current.p95().compareTo(median) < 0 || current.p95().equals(current.median()) ? median : current.p95();
        }
        return new LatencyProfile(median, p95);
    }

    private static Duration duration(JsonNode node, String field) {
        if (node.isNumber()) {
            return Duration.ofMillis(node.asLong());
        }
        if (node.isString()) {
            try {
                return Duration.parse(node.stringValue());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(field + " is not an ISO-8601 duration: " + node.stringValue());
            }
        }
        throw new IllegalArgumentException(field + " must be an ISO-8601 duration string or milliseconds");
    }

    /** A whole number, or null for no limit; the profile checks that it is at least 1. */
    private static Integer limit(JsonNode node, String field) {
        if (node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new IllegalArgumentException(field + " must be a whole number or null");
        }
        return node.intValue();
    }

    private static double number(JsonNode node, String field) {
        if (!node.isNumber()) {
            throw new IllegalArgumentException(field + " must be a number");
        }
        return node.asDouble();
    }

    private static boolean bool(JsonNode node, String field) {
        if (!node.isBoolean()) {
            throw new IllegalArgumentException(field + " must be true or false");
        }
        return node.asBoolean();
    }
}
