package io.genpipe.sink.costs;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a cost report groups by ({@code groupBy}), and the attempts columns that make a group. The SQL is chosen here
 * from a closed set, never taken from the query.
 */
enum CostGrouping {
    PROVIDER("provider", "provider, NULL::text AS model, NULL::text AS tenant_id, NULL::date AS billed_on, "
            + "NULL::text AS operation", "provider"),
    MODEL("model", "provider, model, NULL::text AS tenant_id, NULL::date AS billed_on, NULL::text AS operation",
            "provider, model"),
    TENANT("tenant", "NULL::text AS provider, NULL::text AS model, tenant_id, NULL::date AS billed_on, "
            + "NULL::text AS operation", "tenant_id"),
    DAY("day", "NULL::text AS provider, NULL::text AS model, NULL::text AS tenant_id, billed_on, "
            + "NULL::text AS operation", "billed_on"),
    /**
     * Text-to-image, image-edit and model-training spend apart. The operation is the job's (attempts rows do not
     * copy it), so only this grouping looks each attempt's job up; NULL while only the job's outcome is recorded.
     */
    OPERATION("operation", "NULL::text AS provider, NULL::text AS model, NULL::text AS tenant_id, "
            + "NULL::date AS billed_on, (SELECT j.operation FROM jobs j WHERE j.job_id = a.job_id) AS operation",
            "operation");

    private final String wireName;
    private final String columns;
    private final String groupBy;

    CostGrouping(String wireName, String columns, String groupBy) {
        this.wireName = wireName;
        this.columns = columns;
        this.groupBy = groupBy;
    }

    String wireName() {
        return wireName;
    }

    /** The five key columns, those this grouping does not use as NULL. */
    String columns() {
        return columns;
    }

    String groupBy() {
        return groupBy;
    }

    static Optional<CostGrouping> fromWireName(String name) {
        return Arrays.stream(values()).filter(g -> g.wireName.equals(name)).findFirst();
    }

    static String accepted() {
        return "one of " + Arrays.stream(values()).map(CostGrouping::wireName).collect(Collectors.joining(", "));
    }
}
