package io.genpipe.access;

import io.genpipe.access.AccessSettings.ConfiguredKey;
import io.genpipe.access.keys.ApiKeyHash;
import io.genpipe.access.keys.ConfiguredApiKeys;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessSettingsTest {

    private static final String HASH = ApiKeyHash.sha256("gp_one");

    @Test
    void aKeyIsFoundByTheHashOfWhatWasPresentedAndNothingElse() {
        ConfiguredApiKeys keys = new ConfiguredApiKeys(AccessSettings.of(List.of(
                new ConfiguredKey("acme-ci", "acme", Role.TENANT, HASH.toUpperCase()))));
        assertThat(keys.find(ApiKeyHash.sha256("gp_one"))).contains(new Caller("acme-ci", "acme", Role.TENANT));
        assertThat(keys.find(ApiKeyHash.sha256("gp_two"))).isEmpty();
        assertThat(keys.find(HASH.substring(1))).isEmpty();
        assertThat(keys.toString()).doesNotContain(HASH);
    }

    @Test
    void aHashThatIsNotSha256HexIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> new ConfiguredKey("acme-ci", "acme", Role.TENANT, "gp_one"))
                .hasMessageContaining("genpipe.access.keys[acme-ci].sha256").hasMessageNotContaining("gp_one");
    }

    @Test
    void aKeyNeedsATenantAndAnId() {
        assertThatThrownBy(() -> new ConfiguredKey("acme-ci", " ", Role.TENANT, HASH)).hasMessageContaining("tenant");
        assertThatThrownBy(() -> new ConfiguredKey(null, "acme", Role.TENANT, HASH)).hasMessageContaining("id");
    }

    @Test
    void idsAndKeysAreUnique() {
        assertThatThrownBy(() -> AccessSettings.of(List.of(new ConfiguredKey("a", "acme", Role.TENANT, HASH),
                new ConfiguredKey("a", "beta", Role.TENANT, ApiKeyHash.sha256("gp_two")))))
                .hasMessageContaining("'a' is used twice");
        assertThatThrownBy(() -> AccessSettings.of(List.of(new ConfiguredKey("a", "acme", Role.TENANT, HASH),
                new ConfiguredKey("b", "beta", Role.ADMIN, HASH))))
                .hasMessageContaining("the same key is configured twice");
    }

    @Test
    void aTenantIsScopedToItselfWhateverItAsksAndAnAdminToWhatItAsks() {
        Caller tenant = new Caller("acme-ci", "acme", Role.TENANT);
        Caller admin = new Caller("ops", "genpipe", Role.ADMIN);
        assertThat(tenant.tenantScope(null)).isEqualTo("acme");
        assertThat(tenant.tenantScope("beta")).isEqualTo("acme");
        assertThat(admin.tenantScope(null)).isNull();
        assertThat(admin.tenantScope("beta")).isEqualTo("beta");
        assertThat(tenant.sees("acme")).isTrue();
        assertThat(tenant.sees("beta")).isFalse();
        assertThat(admin.sees("beta")).isTrue();
    }

    @Test
    void oneAdminKeyMayBeGivenByItsHashAlone() {
        ConfiguredApiKeys keys = new ConfiguredApiKeys(new AccessSettings(List.of(), true, Duration.ofSeconds(30),
                HASH));
        assertThat(keys.find(HASH)).contains(new Caller("admin", "admin", Role.ADMIN));
        assertThat(new AccessSettings(List.of(), true, Duration.ofSeconds(30), " ").keys()).isEmpty();
    }

    @Test
    void generatedKeysAreDistinctAndPrefixed() {
        String key = ApiKeyHash.generate();
        assertThat(key).startsWith("gp_").hasSize(46);
        assertThat(ApiKeyHash.generate()).isNotEqualTo(key);
    }
}
