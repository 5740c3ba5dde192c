package io.genpipe.ingress.dashboard;

import io.genpipe.ingress.dashboard.SinkAllowList.SinkCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SinkAllowListTest {

    @Test
    void forwardsEachReadOnTheListWithItsParametersSortedAndEncoded() {
        assertThat(SinkAllowList.resolve("v1/stats", Map.of("window", new String[] {"10m"})))
                .isEqualTo(new SinkCall(SinkAllowList.Route.STATS, "/v1/stats?window=10m"));
        assertThat(SinkAllowList.resolve("v1/budgets", Map.of()).pathAndQuery()).isEqualTo("/v1/budgets");
        assertThat(SinkAllowList.resolve("v1/experiments", Map.of()).source()).isEqualTo("experiments");
        assertThat(SinkAllowList.resolve("v1/experiments/fal-vs-openai", Map.of()).source()).isEqualTo("experiment");
        assertThat(SinkAllowList.resolve("v1/jobs/job-42", Map.of()).source()).isEqualTo("job");
        assertThat(SinkAllowList.resolve("v1/batches/portraits-1", Map.of()).source()).isEqualTo("batch");

        Map<String, String[]> page = new LinkedHashMap<>();
        page.put("status", new String[] {"FAILED"});
        page.put("limit", new String[] {"10"});
        assertThat(SinkAllowList.resolve("v1/batches/b-1:x/jobs", page))
                .isEqualTo(new SinkCall(SinkAllowList.Route.BATCH_JOBS, "/v1/batches/b-1:x/jobs?limit=10&status=FAILED"));

        Map<String, String[]> day = new LinkedHashMap<>();
        day.put("to", new String[] {"2026-12-06"});
        day.put("groupBy", new String[] {"provider"});
        day.put("from", new String[] {"2026-12-06"});
        assertThat(SinkAllowList.resolve("v1/costs", day).pathAndQuery())
                .isEqualTo("/v1/costs?from=2026-12-06&groupBy=provider&to=2026-12-06");
        // A value is passed on as one value, whatever it holds (the sink judges it): a '+' stays a '+', not a space.
        assertThat(SinkAllowList.resolve("v1/alerts", Map.of("since", new String[] {"2026-12-06T10:00:00+01:00&x=y"}))
                .pathAndQuery()).isEqualTo("/v1/alerts?since=2026-12-06T10%3A00%3A00%2B01%3A00%26x%3Dy");
        // Ids arrive percent-encoded as any path does.
        assertThat(SinkAllowList.resolve("v1/jobs/job%2D42", Map.of()).pathAndQuery()).isEqualTo("/v1/jobs/job-42");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "v1", "v1/stats/", "v1//stats", "v1/admin/budgets", "v1/admin/budgets/tenant/acme",
            "v1/jobs/job-42/rating", "v1/batches/b-1/events", "v1/batches/b-1/jobs/more", "actuator/prometheus",
            "v1/../v1/admin/budgets", "v1/jobs/..", "v1/jobs/%2e%2e", "v1/jobs/a%2Fb", "v1/jobs/-job",
            "v1/jobs/a%20b", "v1/jobs/%zz", "V1/stats", "v1/providers/health"})
    void refusesAPathNotOnTheListWith404NamingIt(String path) {
        NotForwarded refused = catchThrowableOfType(NotForwarded.class, () -> SinkAllowList.resolve(path, Map.of()));

        assertThat(refused).as(path).isNotNull();
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(refused.getBody().getProperties()).containsEntry("field", "path");
        assertThat(refused.getBody().getDetail()).contains("GET /v1/stats", "GET /v1/batches/{id}/jobs");
    }

    @Test
    void aJobIdPastTheContractsLengthIsNotOnTheList() {
        String id = "j".repeat(128);
        assertThat(SinkAllowList.resolve("v1/jobs/" + id, Map.of()).pathAndQuery()).endsWith(id);
        assertThat(catchThrowableOfType(NotForwarded.class, () -> SinkAllowList.resolve("v1/jobs/" + id + "j", Map.of())))
                .isNotNull();
    }

    @Test
    void refusesAParameterTheReadDoesNotTakeOrTakesTwiceWith400NamingIt() {
        assertRefusedParameter("v1/stats", Map.of("tenantId", new String[] {"beta"}), "tenantId");
        assertRefusedParameter("v1/costs", Map.of("format", new String[] {"csv"}), "format");
        assertRefusedParameter("v1/budgets", Map.of("window", new String[] {"1h"}), "window");
        assertRefusedParameter("v1/stats", Map.of("window", new String[] {"1h", "10m"}), "window");
        assertRefusedParameter("v1/jobs", Map.of("limit", new String[] {"1".repeat(65)}), "limit");
    }

    private static void assertRefusedParameter(String path, Map<String, String[]> parameters, String field) {
        NotForwarded refused = catchThrowableOfType(NotForwarded.class,
                () -> SinkAllowList.resolve(path, parameters));
        assertThat(refused).as(path + " " + field).isNotNull();
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().getProperties()).containsEntry("field", field);
    }
}
