package io.genpipe.ingress.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.util.Map;

/**
 * {@code genpipe.ingress.limits.*}: how much one request and one tenant may ask.
 *
 * @param maxBodySize   largest request body; more is a 413
 * @param jobsPerMinute jobs a tenant may submit per minute (a batch counts each prompt); more is a 429 with
 *                      Retry-After
 * @param tenants       per tenant, in place of {@code jobsPerMinute}: {@code tenants.acme: 60000}
 * @param scope         {@code cluster} (default): every ingress instance counts together, in the ingress's
 *                      database, one UTC minute at a time; {@code instance}: each counts on its own, in memory, so
 *                      with N instances a tenant's limit is N times this (no database round trip per request)
 */
@ConfigurationProperties("genpipe.ingress.limits")
public record LimitSettings(
        @DefaultValue("4MB") DataSize maxBodySize,
        @DefaultValue("6000") int jobsPerMinute,
        @DefaultValue Map<String, Integer> tenants,
        @DefaultValue("cluster") Scope scope) {

    /** Where a tenant's jobs per minute are counted. */
    public enum Scope { CLUSTER, INSTANCE }

    public LimitSettings {
        scope = scope == null ? Scope.CLUSTER : scope;
        tenants = Map.copyOf(tenants);
        if (jobsPerMinute < 1) {
            throw new IllegalArgumentException("genpipe.ingress.limits.jobs-per-minute must be at least 1");
        }
        tenants.forEach((tenant, limit) -> {
            if (limit == null || limit < 1) {
                throw new IllegalArgumentException("genpipe.ingress.limits.tenants." + tenant + " must be at least 1");
            }
        });
    }

    int jobsPerMinute(String tenant) {
        return tenants.getOrDefault(tenant, jobsPerMinute);
    }
}
