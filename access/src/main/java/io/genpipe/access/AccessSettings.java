package io.genpipe.access;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code genpipe.access.*}: the keys a service accepts, by hash. With no key configured every request but the probes
 * is refused: a service is never open by default.
 *
 * @param keys           the keys from configuration; see {@link ConfiguredKey}
 * @param databaseKeys   also accept the keys made through the admin API, kept in the service's database
 *                       ({@code access.api_keys}), when the service has one
 * @param keyCacheTtl    how long a database key's lookup is reused, found or not: a revocation reaches every
 *                       instance within it
 * @param adminKeySha256 optional: one admin key (id and tenant {@code admin}) by its SHA-256, for a deployment's
 *                       first key from one variable ({@code GENPIPE_ADMIN_KEY_SHA256}); it makes the others
 */
@ConfigurationProperties("genpipe.access")
public record AccessSettings(@DefaultValue List<ConfiguredKey> keys, @DefaultValue("true") boolean databaseKeys,
                             @DefaultValue("30s") Duration keyCacheTtl, String adminKeySha256) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public AccessSettings {
        keys = new java.util.ArrayList<>(keys);
        if (adminKeySha256 != null && !adminKeySha256.isBlank()) {
            keys.add(new ConfiguredKey("admin", "admin", Role.ADMIN, adminKeySha256));
        }
        keys = List.copyOf(keys);
        Set<String> ids = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            ConfiguredKey key = keys.get(i);
            if (!ids.add(key.id())) {
                throw new IllegalArgumentException("genpipe.access.keys[" + i + "].id: '" + key.id() + "' is used twice");
            }
            if (!hashes.add(key.sha256())) {
                throw new IllegalArgumentException("genpipe.access.keys[" + i + "].sha256: the same key is configured twice");
            }
        }
    }

    /** These keys, database keys on, looked up again after 30 s. */
    public static AccessSettings of(List<ConfiguredKey> keys) {
        return new AccessSettings(keys, true, Duration.ofSeconds(30), null);
    }

    /**
     * One key, as an operator configures it: {@code {id: acme-ci, tenant: acme, role: TENANT, sha256: <64 hex>}}.
     * {@code sha256} is the key's hash ({@code printf %s "$KEY" | sha256sum}), so the configuration leaks no key.
     *
     * @param id     names the key in logs and audit records
     * @param role   {@code TENANT} (default) or {@code ADMIN}
     */
    public record ConfiguredKey(String id, String tenant, @DefaultValue("TENANT") Role role, String sha256) {

        public ConfiguredKey {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("genpipe.access.keys[].id is required");
            }
            if (tenant == null || tenant.isBlank()) {
                throw new IllegalArgumentException("genpipe.access.keys[" + id + "].tenant is required");
            }
            sha256 = sha256 == null ? "" : sha256.trim().toLowerCase(Locale.ROOT);
            if (!SHA256.matcher(sha256).matches()) {
                throw new IllegalArgumentException("genpipe.access.keys[" + id + "].sha256 must be the key's SHA-256 "
                        + "as 64 hex digits (printf %s \"$KEY\" | sha256sum)");
            }
        }
    }
}
