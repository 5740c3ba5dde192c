package io.genpipe.ingress.admin;

import io.genpipe.contracts.event.ProviderSettingsChanged;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Which settings versions have been taken, in the ingress's PostgreSQL ({@code ingress.settings_versions}): Kafka has
 * no compare-and-set on a key, so the version a change makes is claimed here, in the transaction that publishes it.
 *
 * <p>The rows are inserted and the records published in one transaction: a second instance's claim of the same version
 * waits on the row until that transaction ends, and fails once it committed (the settings record then is on the
 * broker). If the publish failed, the rows roll back with it, and the version is free again. One window stays, as for
 * idempotency keys: the broker acknowledged, then this process died before the commit; a later change may then make
 * the same version number again.
 */
@Component
class SettingsVersions {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    SettingsVersions(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** The highest version any change of the provider took; 0 for none. */
    long highest(String provider) {
        try {
            return jdbc.sql("""
                            SELECT coalesce(max(version), 0) FROM ingress.settings_versions WHERE provider = :provider
                            """)
                    .param("provider", provider)
                    .query(Long.class).single();
        } catch (DataAccessException e) {
            throw unavailable(e);
        }
    }

    /** The highest version of every provider that has any. */
    Map<String, Long> highest() {
        try {
            Map<String, Long> highest = new HashMap<>();
            jdbc.sql("SELECT provider, max(version) AS version FROM ingress.settings_versions GROUP BY provider")
                    .query((rs, n) -> highest.put(rs.getString("provider"), rs.getLong("version")))
                    .list();
            return highest;
        } catch (DataAccessException e) {
            throw unavailable(e);
        }
    }

    /**
     * Claims each change's version, then publishes; commits only once {@code publish} returned.
     *
     * @throws VersionTakenException        when another change took one of these versions first
     * @throws SettingsUnavailableException when the database did not answer (or {@code publish} threw it)
     */
    <T> T claim(List<ProviderSettingsChanged> changes, Supplier<T> publish) {
        try {
            return transactions.execute(status -> {
                for (ProviderSettingsChanged change : changes) {
                    try {
                        jdbc.sql("""
                                        INSERT INTO ingress.settings_versions (provider, version, changed_by, changed_at)
                                        VALUES (:provider, :version, :changedBy, :changedAt)
                                        """)
                                .param("provider", change.provider())
                                .param("version", change.version())
                                .param("changedBy", change.changedBy())
                                .param("changedAt", Timestamp.from(change.occurredAt()))
                                .update();
                    } catch (DuplicateKeyException taken) {
                        throw new VersionTakenException(change.provider(), change.version());
                    }
                }
                return publish.get();
            });
        } catch (VersionTakenException | SettingsUnavailableException e) {
            throw e;
        } catch (DataAccessException | TransactionException e) {
            throw unavailable(e);
        }
    }

    private static SettingsUnavailableException unavailable(RuntimeException e) {
        return new SettingsUnavailableException("the settings versions could not be read or claimed in the database: "
                + e.getClass().getSimpleName(), e);
    }

    /** Another change made this version first (through another instance, a moment ago). */
    static final class VersionTakenException extends RuntimeException {

        private final String provider;
        private final long version;

        VersionTakenException(String provider, long version) {
            super(provider + "'s settings version " + version + " was made by another change meanwhile");
            this.provider = provider;
            this.version = version;
        }

        String provider() {
            return provider;
        }

        long version() {
            return version;
        }
    }
}
