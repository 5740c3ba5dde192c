package io.genpipe.localstack;

import io.genpipe.access.keys.ApiKeyHash;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two API keys of a local run: an admin's and tenant {@value #TENANT}'s. Taken from
 * {@code GENPIPE_LOCAL_ADMIN_KEY} and {@code GENPIPE_LOCAL_TENANT_KEY} when set, so scripts can keep them across
 * runs; new random ones otherwise. The services are given only their hashes. {@code toString()} shows neither key.
 */
public record LocalKeys(String adminKey, String tenantKey) {

    public static final String TENANT = "local-demo";
    public static final String ADMIN_TENANT = "local-admin";
    static final String ADMIN_KEY_VARIABLE = "GENPIPE_LOCAL_ADMIN_KEY";
    static final String TENANT_KEY_VARIABLE = "GENPIPE_LOCAL_TENANT_KEY";

    public LocalKeys {
        if (adminKey == null || adminKey.isBlank() || tenantKey == null || tenantKey.isBlank()) {
            throw new IllegalArgumentException("both local keys are required");
        }
        if (adminKey.equals(tenantKey)) {
            throw new IllegalArgumentException(ADMIN_KEY_VARIABLE + " and " + TENANT_KEY_VARIABLE + " must differ");
        }
    }

    /** From the environment's variables where set, generated where not. */
    public static LocalKeys from(Map<String, String> environment) {
        return new LocalKeys(orGenerated(environment.get(ADMIN_KEY_VARIABLE)),
                orGenerated(environment.get(TENANT_KEY_VARIABLE)));
    }

    public static LocalKeys generated() {
        return from(Map.of());
    }

    /** {@code genpipe.access.keys} for the ingress and the sink: the two keys, by hash. */
    Map<String, String> accessProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        key(properties, 0, "local-admin", ADMIN_TENANT, "ADMIN", adminKey);
        key(properties, 1, "local-tenant", TENANT, "TENANT", tenantKey);
        return properties;
    }

    private static void key(Map<String, String> properties, int index, String id, String tenant, String role,
                            String key) {
        String prefix = "genpipe.access.keys[" + index + "].";
        properties.put(prefix + "id", id);
        properties.put(prefix + "tenant", tenant);
        properties.put(prefix + "role", role);
        properties.put(prefix + "sha256", ApiKeyHash.sha256(key));
    }

    private static String orGenerated(String key) {
        return key == null || key.isBlank() ? ApiKeyHash.generate() : key.trim();
    }

    @Override
    public String toString() {
        return "LocalKeys[admin, tenant " + TENANT + "]";
    }
}
