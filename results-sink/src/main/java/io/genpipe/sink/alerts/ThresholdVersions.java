package io.genpipe.sink.alerts;

import io.genpipe.contracts.json.JsonSerde;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code alert_thresholds} table (V13): one row per version an admin made, the newest in force. Every sink
 * instance reads the newest at each evaluation, so a change made through any of them is judged by all of them at
 * their next round, without a restart or a message between them.
 *
 * <p>The primary key on {@code version} is the compare-and-set: a change is decided from the version it read and
 * inserted as the next one, so when two instances both read version 3, both insert 4 and the second insert fails
 * ({@link VersionTaken}); no version is lost or made twice.
 */
@Repository
class ThresholdVersions {

    private final JdbcClient jdbc;
    private final AlertThresholds configured;

    ThresholdVersions(JdbcClient jdbc, AlertSettings settings) {
        this.jdbc = jdbc;
        this.configured = AlertThresholds.of(settings);
    }

    /** What a version did. */
    enum Action {
        /** {@code PUT}: an admin's thresholds. */
        UPDATED,
        /** {@code DELETE}: back to the configuration's. */
        RESET;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One version, as stored and as the audit shows it.
     *
     * @param before the thresholds in force when the change was decided
     * @param after  what it put in force; for a reset, the configuration's as the instance that made it had them
     */
    record Change(long version, Action action, ThresholdsDocument before, ThresholdsDocument after, String changedBy,
                  Instant changedAt) {
    }

    /** The configuration's thresholds, this instance's {@code genpipe.sink.alerts.*}. */
    AlertThresholds configured() {
        return configured;
    }

    /**
     * The thresholds in force: the newest version's. After a reset they are this instance's configuration, not the
     * copy stored with the reset, so a configuration changed since then takes effect as it did before any change.
     */
    ThresholdsInForce inForce() {
        return jdbc.sql("SELECT * FROM alert_thresholds ORDER BY version DESC LIMIT 1")
                .query((rs, n) -> change(rs)).optional()
                .map(this::inForce)
                .orElseGet(() -> ThresholdsInForce.configured(configured));
    }

    ThresholdsInForce inForce(Change change) {
        return change.action() == Action.RESET
                ? new ThresholdsInForce(configured, change.version(), change.changedBy(), change.changedAt(),
                ThresholdsInForce.Source.CONFIGURATION)
                : new ThresholdsInForce(change.after().over(configured), change.version(), change.changedBy(),
                change.changedAt(), ThresholdsInForce.Source.OPERATOR);
    }

    /**
     * Stores a version: one insert, which commits alone.
     *
     * @throws VersionTaken when another change (through this instance or another) made that version first
     */
    void claim(Change change) {
        try {
            jdbc.sql("""
                            INSERT INTO alert_thresholds (version, action, thresholds, previous, changed_by, changed_at)
                            VALUES (:version, :action, CAST(:after AS jsonb), CAST(:before AS jsonb), :changedBy,
                                    :changedAt)
                            """)
                    .param("version", change.version())
                    .param("action", change.action().wireName())
                    .param("after", JsonSerde.instance().writeString(change.after()))
                    .param("before", JsonSerde.instance().writeString(change.before()))
                    .param("changedBy", change.changedBy())
                    .param("changedAt", Timestamp.from(change.changedAt()))
                    .update();
        } catch (DuplicateKeyException taken) {
            throw new VersionTaken(change.version());
        }
    }

    /** The newest {@code limit} versions, newest first. */
    List<Change> newestFirst(int limit) {
        return jdbc.sql("SELECT * FROM alert_thresholds ORDER BY version DESC LIMIT :limit")
                .param("limit", limit)
                .query((rs, n) -> change(rs)).list();
    }

    private static Change change(ResultSet rs) throws SQLException {
        return new Change(rs.getLong("version"),
                Action.valueOf(rs.getString("action").toUpperCase(Locale.ROOT)),
                JsonSerde.instance().read(rs.getString("previous"), ThresholdsDocument.class),
                JsonSerde.instance().read(rs.getString("thresholds"), ThresholdsDocument.class),
                rs.getString("changed_by"), rs.getTimestamp("changed_at").toInstant());
    }

    /** Another change made this version first: decide again from what is in force now. */
    static final class VersionTaken extends RuntimeException {

        private final long version;

        VersionTaken(long version) {
            super("alert thresholds version " + version + " was made by another change meanwhile");
            this.version = version;
        }

        long version() {
            return version;
        }
    }
}
