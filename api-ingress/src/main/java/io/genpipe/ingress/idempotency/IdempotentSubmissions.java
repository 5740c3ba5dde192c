package io.genpipe.ingress.idempotency;

import io.genpipe.ingress.housekeeping.ExpiringRows;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Submissions with an {@code Idempotency-Key}: the same tenant, key and request return the same job, however many
 * times and however concurrently they arrive, on any ingress instance; the same key with another request is refused.
 *
 * <p>The key's row is inserted and the job published in one transaction. A concurrent duplicate's insert waits on the
 * row until that transaction ends: if it committed, the duplicate finds the row and returns its job; if the publish
 * failed (503), the row is rolled back with it and the duplicate takes the key and publishes itself. So a key never
 * names a job that the broker does not have. One window stays: the broker acknowledged, then this process died before
 * the commit; the client's retry then publishes again, under the same job id when the client chose it.
 */
@Component
public class IdempotentSubmissions implements ExpiringRows {

    static final String OUTCOMES = "genpipe.ingress.idempotency";

    private static final String CLAIM = """
            INSERT INTO ingress.idempotency_keys (tenant_id, idempotency_key, request_sha256, job_id, created_at)
            VALUES (:tenant, :key, :request, :jobId, :now)
            ON CONFLICT (tenant_id, idempotency_key) DO UPDATE SET
                request_sha256 = EXCLUDED.request_sha256, job_id = EXCLUDED.job_id, created_at = EXCLUDED.created_at
            WHERE idempotency_keys.created_at < :expiredBefore
            """;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final IdempotencySettings settings;
    private final Clock clock;
    private final MeterRegistry meters;

    IdempotentSubmissions(JdbcClient jdbc, TransactionTemplate transactions, IdempotencySettings settings,
                          Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * @param request the request in canonical form (the same request always gives the same text), for
     *                {@link #fingerprint}
     * @param jobId   the id the job gets if this key is new
     * @param publish publishes the job, throwing when the broker did not acknowledge it
     * @throws IdempotencyConflictException when the key was used with another request
     */
    public Submission submit(String tenantId, IdempotencyKey key, String request, String jobId, Runnable publish) {
        String fingerprint = fingerprint(request);
        Instant now = clock.instant();
        Submission submission = transactions.execute(status -> {
            int claimed = jdbc.sql(CLAIM)
                    .param("tenant", tenantId)
                    .param("key", key.value())
                    .param("request", fingerprint)
                    .param("jobId", jobId)
                    .param("now", Timestamp.from(now))
                    .param("expiredBefore", Timestamp.from(now.minus(settings.retention())))
                    .update();
            if (claimed == 1) {
                publish.run();
                return new Submission.Published(jobId);
            }
            Seen seen = jdbc.sql("""
                            SELECT request_sha256, job_id FROM ingress.idempotency_keys
                            WHERE tenant_id = :tenant AND idempotency_key = :key
                            """)
                    .param("tenant", tenantId).param("key", key.value())
                    .query((rs, n) -> new Seen(rs.getString("request_sha256"), rs.getString("job_id")))
                    .single();
            if (!seen.fingerprint().equals(fingerprint)) {
                meters.counter(OUTCOMES, "outcome", "conflict").increment();
                throw new IdempotencyConflictException(seen.jobId());
            }
            return new Submission.Replayed(seen.jobId());
        });
        meters.counter(OUTCOMES, "outcome", submission instanceof Submission.Published ? "published" : "replayed")
                .increment();
        return submission;
    }

    /** Deletes the keys past their retention; returns how many. */
    @Override
    public String what() {
        return "idempotency keys";
    }

    @Override
    public Duration purgeEvery() {
        return settings.purgeEvery();
    }

    @Override
    public int purgeExpired() {
        return jdbc.sql("DELETE FROM ingress.idempotency_keys WHERE created_at < :expiredBefore")
                .param("expiredBefore", Timestamp.from(clock.instant().minus(settings.retention())))
                .update();
    }

    static String fingerprint(String request) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(request.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private record Seen(String fingerprint, String jobId) {
    }
}
