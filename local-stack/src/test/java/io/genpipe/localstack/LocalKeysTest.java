package io.genpipe.localstack;

import io.genpipe.access.keys.ApiKeyHash;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The local run's two keys: {@code GENPIPE_LOCAL_ADMIN_KEY} and {@code GENPIPE_LOCAL_TENANT_KEY} when set, so a
 * script keeps them across runs; fresh random ones when not; and the services are given their hashes only.
 */
class LocalKeysTest {

    private static final String ADMIN = "gp_admin-of-my-scripts";
    private static final String TENANT = "gp_tenant-of-my-scripts";

    @Test
    void theVariablesAreTheKeysWhenSet() {
        LocalKeys keys = LocalKeys.from(Map.of("GENPIPE_LOCAL_ADMIN_KEY", ADMIN, "GENPIPE_LOCAL_TENANT_KEY", TENANT));

        assertThat(keys.adminKey()).isEqualTo(ADMIN);
        assertThat(keys.tenantKey()).isEqualTo(TENANT);
    }

    /** As a shell's {@code export KEY="$(cat key.txt)"} may leave it: the key, not its line's end. */
    @Test
    void aVariablesSurroundingWhitespaceIsNotPartOfTheKey() {
        LocalKeys keys = LocalKeys.from(Map.of("GENPIPE_LOCAL_ADMIN_KEY", "  " + ADMIN + "\n",
                "GENPIPE_LOCAL_TENANT_KEY", TENANT + "\t"));

        assertThat(keys.adminKey()).isEqualTo(ADMIN);
        assertThat(keys.tenantKey()).isEqualTo(TENANT);
    }

    @Test
    void freshKeysAreMadeWhenTheVariablesAreUnsetOrBlank() {
        LocalKeys unset = LocalKeys.from(Map.of());
        LocalKeys blank = LocalKeys.from(Map.of("GENPIPE_LOCAL_ADMIN_KEY", " ", "GENPIPE_LOCAL_TENANT_KEY", ""));

        for (LocalKeys keys : new LocalKeys[] {unset, blank, LocalKeys.generated()}) {
            assertThat(keys.adminKey()).startsWith(ApiKeyHash.PREFIX).hasSizeGreaterThan(40)
                    .isNotEqualTo(keys.tenantKey());
            assertThat(keys.tenantKey()).startsWith(ApiKeyHash.PREFIX).hasSizeGreaterThan(40);
        }
        assertThat(unset.adminKey()).isNotEqualTo(LocalKeys.generated().adminKey());
    }

    @Test
    void oneVariableSetKeepsThatKeyAndMakesTheOther() {
        LocalKeys keys = LocalKeys.from(Map.of("GENPIPE_LOCAL_TENANT_KEY", TENANT));

        assertThat(keys.tenantKey()).isEqualTo(TENANT);
        assertThat(keys.adminKey()).startsWith(ApiKeyHash.PREFIX).isNotEqualTo(TENANT);
    }

    /** One key for both would make the tenant an admin: refused, naming both variables. */
    @Test
    void theSameKeyForAdminAndTenantIsRefusedNamingBothVariables() {
        assertThatThrownBy(() -> LocalKeys.from(Map.of("GENPIPE_LOCAL_ADMIN_KEY", ADMIN,
                "GENPIPE_LOCAL_TENANT_KEY", " " + ADMIN)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("GENPIPE_LOCAL_ADMIN_KEY and GENPIPE_LOCAL_TENANT_KEY must differ");
    }

    @Test
    void aMissingKeyIsRefused() {
        assertThatThrownBy(() -> new LocalKeys(ADMIN, " ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("both local keys are required");
        assertThatThrownBy(() -> new LocalKeys(null, TENANT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("both local keys are required");
    }

    @Test
    void theServicesAreGivenTheHashesOnlyAndToStringShowsNeitherKey() {
        LocalKeys keys = new LocalKeys(ADMIN, TENANT);

        Map<String, String> properties = keys.accessProperties();

        assertThat(properties).containsEntry("genpipe.access.keys[0].role", "ADMIN")
                .containsEntry("genpipe.access.keys[0].tenant", LocalKeys.ADMIN_TENANT)
                .containsEntry("genpipe.access.keys[0].sha256", ApiKeyHash.sha256(ADMIN))
                .containsEntry("genpipe.access.keys[1].role", "TENANT")
                .containsEntry("genpipe.access.keys[1].tenant", LocalKeys.TENANT)
                .containsEntry("genpipe.access.keys[1].sha256", ApiKeyHash.sha256(TENANT));
        assertThat(properties.values()).noneMatch(value -> value.contains(ADMIN) || value.contains(TENANT));
        assertThat(keys.toString()).doesNotContain(ADMIN).doesNotContain(TENANT);
    }
}
