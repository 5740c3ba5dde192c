package io.genpipe.sink.experiments;

import io.genpipe.contracts.catalog.Usd;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Array;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** An experiment's arms from its jobs ({@code jobs_by_experiment}) and their ratings, in one statement. */
@Repository
class ExperimentQueries {

    private static final String ARMS = """
            SELECT j.arm, count(*) AS jobs,
                   count(*) FILTER (WHERE j.status = 'SUCCEEDED') AS succeeded,
                   count(*) FILTER (WHERE j.status = 'FAILED') AS failed,
                   count(r.job_id) FILTER (WHERE j.status = 'SUCCEEDED') AS rated,
                   count(*) FILTER (WHERE j.status = 'SUCCEEDED' AND r.rating = 'thumbs_up') AS positive,
                   round(avg(extract(EPOCH FROM j.completed_at - j.requested_at) * 1000)
                         FILTER (WHERE j.completed_at IS NOT NULL))::bigint AS average_duration_ms,
                   avg(j.total_cost_usd) FILTER (WHERE j.completed_at IS NOT NULL AND j.unknown_cost_attempts = 0)
                       AS average_cost_usd,
                   count(*) FILTER (WHERE j.completed_at IS NOT NULL AND j.unknown_cost_attempts > 0)
                       AS unknown_cost_jobs,
                   array_remove(array_agg(DISTINCT j.provider ORDER BY j.provider), NULL) AS providers
            FROM jobs j LEFT JOIN ratings r USING (job_id)
            WHERE j.experiment = :experiment AND (CAST(:tenantId AS text) IS NULL OR j.tenant_id = :tenantId)
            GROUP BY j.arm ORDER BY j.arm
            """;

    /** Over {@code jobs_by_experiment}, which holds only the jobs in an experiment. */
    private static final String LIST = """
            SELECT experiment, count(*) AS jobs, array_agg(DISTINCT arm ORDER BY arm) AS arms,
                   max(requested_at) AS last_requested_at
            FROM jobs
            WHERE experiment IS NOT NULL AND (CAST(:tenantId AS text) IS NULL OR tenant_id = :tenantId)
            GROUP BY experiment
            ORDER BY last_requested_at DESC, experiment
            LIMIT :limit
            """;

    private final JdbcClient jdbc;

    ExperimentQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The experiments with recorded jobs, the latest first, at most {@code limit}.
     *
     * @param tenantId only this tenant's jobs; {@code null} for every tenant's (an admin's view)
     */
    ExperimentList list(String tenantId, int limit) {
        return new ExperimentList(jdbc.sql(LIST).param("tenantId", tenantId).param("limit", limit)
                .query((rs, n) -> new ExperimentList.Experiment(rs.getString("experiment"), rs.getLong("jobs"),
                        Arrays.asList((String[]) rs.getArray("arms").getArray()),
                        rs.getObject("last_requested_at", OffsetDateTime.class).toInstant()))
                .list());
    }

    /**
     * Empty when no job of the experiment has been recorded for the tenant.
     *
     * @param tenantId only this tenant's jobs; {@code null} for every tenant's (an admin's view)
     */
    Optional<ExperimentReport> find(String experiment, String tenantId) {
        List<ExperimentReport.Arm> arms = jdbc.sql(ARMS).param("experiment", experiment).param("tenantId", tenantId)
                .query((rs, n) -> {
            long rated = rs.getLong("rated");
            long positive = rs.getLong("positive");
            BigDecimal averageCost = rs.getBigDecimal("average_cost_usd");
            Array providers = rs.getArray("providers");
            return new ExperimentReport.Arm(rs.getString("arm"), rs.getLong("jobs"), rs.getLong("succeeded"),
                    rs.getLong("failed"), rated, positive,
                    rated == 0 ? null : BigDecimal.valueOf(positive)
                            .divide(BigDecimal.valueOf(rated), 4, RoundingMode.HALF_EVEN).doubleValue(),
                    rs.getObject("average_duration_ms", Long.class),
                    averageCost == null ? null : Usd.plainOrNull(averageCost.setScale(8, RoundingMode.HALF_EVEN)),
                    rs.getLong("unknown_cost_jobs"),
                    Arrays.asList((String[]) providers.getArray()));
        }).list();
        return arms.isEmpty() ? Optional.empty() : Optional.of(ExperimentReport.of(experiment, arms));
    }
}
