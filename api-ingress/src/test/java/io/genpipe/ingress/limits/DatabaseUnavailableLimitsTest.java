package io.genpipe.ingress.limits;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.util.unit.DataSize;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cluster's count lives in the ingress's database; while no database answers (here a real PostgreSQL driver
 * refused at a closed port), an instance keeps limiting each tenant on its own count instead of refusing every job.
 */
class DatabaseUnavailableLimitsTest {

    private static final int PER_MINUTE = 5;

    @Test
    void withoutItsDatabaseAnInstanceCountsEachTenantAlone() {
        DriverManagerDataSource nowhere = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/genpipe?connectTimeout=2",
                "genpipe", "genpipe");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        TenantRateLimits limits = new TenantRateLimits(
                new LimitSettings(DataSize.ofMegabytes(4), PER_MINUTE, Map.of(), LimitSettings.Scope.CLUSTER),
                meters, JdbcClient.create(nowhere), Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC));

        for (int i = 0; i < PER_MINUTE; i++) {
            limits.take("acme", 1);
        }

        assertThatThrownBy(() -> limits.take("acme", 1)).isInstanceOf(RateLimitedException.class);
        limits.take("beta", PER_MINUTE);
        assertThat(meters.counter(TenantRateLimits.COUNTED_ALONE).count()).isEqualTo(2 * PER_MINUTE);
    }
}
