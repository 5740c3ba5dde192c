package io.genpipe.access.keys;

import io.genpipe.access.Caller;
import io.genpipe.access.Role;
import org.flywaydb.core.Flyway;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys kept in the service's database ({@code access.api_keys}), made and revoked through the admin API. Every
 * service that reads the same database sees the same keys: the ingress that made one, and the sink.
 *
 * <p>A lookup is cached for {@code cacheTtl}, found or not, so a request costs no query once its key has been seen
 * and a burst of wrong keys does not reach the database once per request; a revocation takes effect within that time.
 * The schema has its own Flyway history ({@code access.flyway_schema_history}): each service migrates it at start,
 * under Flyway's lock, whatever its own migrations are.
 */
public final class DatabaseApiKeys implements ApiKeys {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration cacheTtl;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public DatabaseApiKeys(DataSource dataSource, Clock clock, Duration cacheTtl) {
        Flyway.configure().dataSource(dataSource).schemas("access").createSchemas(true)
                .locations("classpath:db/access").load().migrate();
        this.jdbc = JdbcClient.create(dataSource);
        this.clock = clock;
        this.cacheTtl = cacheTtl;
    }

    @Override
    public Optional<Caller> find(String sha256) {
        // Elapsed time, not the service's clock: a test's fixed clock must not keep entries for ever.
        long now = System.nanoTime();
        Cached cached = cache.get(sha256);
        if (cached != null && now - cached.until() < 0) {
            return cached.caller();
        }
        Optional<Caller> caller = jdbc.sql("""
                        SELECT key_id, tenant_id, role FROM access.api_keys
                        WHERE key_sha256 = :sha256 AND revoked_at IS NULL
                        """)
                .param("sha256", sha256)
                .query((rs, n) -> new Caller(rs.getString("key_id"), rs.getString("tenant_id"),
                        Role.valueOf(rs.getString("role"))))
                .optional();
        if (cache.size() > 100_000) {
            cache.clear(); // a flood of distinct wrong keys must not grow the cache without end
        }
        cache.put(sha256, new Cached(caller, now + cacheTtl.toNanos()));
        return caller;
    }

    /**
     * Makes a key and returns it: the only time it is seen.
     *
     * @throws DuplicateKeyException when {@code keyId} is taken
     */
    public IssuedKey issue(String keyId, String tenantId, Role role, String issuedBy) {
        String key = ApiKeyHash.generate();
        Instant now = clock.instant();
        jdbc.sql("""
                        INSERT INTO access.api_keys (key_id, tenant_id, role, key_sha256, created_at, created_by)
                        VALUES (:keyId, :tenantId, :role, :sha256, :now, :by)
                        """)
                .param("keyId", keyId).param("tenantId", tenantId).param("role", role.name())
                .param("sha256", ApiKeyHash.sha256(key)).param("now", Timestamp.from(now)).param("by", issuedBy)
                .update();
        return new IssuedKey(new KeyRecord(keyId, tenantId, role, now, issuedBy, null), key);
    }

    /** @return false when no unrevoked key has that id */
    public boolean revoke(String keyId, String revokedBy) {
        int revoked = jdbc.sql("""
                        UPDATE access.api_keys SET revoked_at = :now, revoked_by = :by
                        WHERE key_id = :keyId AND revoked_at IS NULL
                        """)
                .param("keyId", keyId).param("now", Timestamp.from(clock.instant())).param("by", revokedBy)
                .update();
        // This instance stops accepting it at once; others within their cache's time.
        cache.clear();
        return revoked == 1;
    }

    /** Every key made here, revoked ones included, newest first; never a key or its hash. */
    public List<KeyRecord> list() {
        return jdbc.sql("""
                        SELECT key_id, tenant_id, role, created_at, created_by, revoked_at FROM access.api_keys
                        ORDER BY created_at DESC, key_id
                        """)
                .query((rs, n) -> new KeyRecord(rs.getString("key_id"), rs.getString("tenant_id"),
                        Role.valueOf(rs.getString("role")), rs.getTimestamp("created_at").toInstant(),
                        rs.getString("created_by"),
                        rs.getTimestamp("revoked_at") == null ? null : rs.getTimestamp("revoked_at").toInstant()))
                .list();
    }

    @Override
    public String toString() {
        return "DatabaseApiKeys[access.api_keys]";
    }

    /** What is known of a key, without the key. */
    public record KeyRecord(String keyId, String tenantId, Role role, Instant createdAt, String createdBy,
                            Instant revokedAt) {
    }

    /** A key just made: {@code key} is shown to the admin once. {@code toString()} hides it. */
    public record IssuedKey(KeyRecord record, String key) {

        @Override
        public String toString() {
            return "IssuedKey[" + record + "]";
        }
    }

    /** @param until {@link System#nanoTime()} after which the lookup is made again */
    private record Cached(Optional<Caller> caller, long until) {
    }
}
