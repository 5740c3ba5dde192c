package io.genpipe.ingress.limits;

import io.genpipe.infra.test.TestDatabase;
import io.genpipe.infra.test.TestInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A tenant's jobs per minute hold across ingress instances (issue 8): two instances, each with its own connections to
 * one real PostgreSQL, race for a tenant's permits, and together grant exactly its limit.
 */
class ClusterRateLimitIT {

    private static final int LIMIT = 20;
    private static final Instant MINUTE = Instant.parse("2026-12-02T09:00:00Z");

    private static DriverManagerDataSource dataSource;
    private final AtomicReference<Instant> now = new AtomicReference<>(MINUTE.plusSeconds(15));

    @BeforeAll
    static void migrate() {
        TestDatabase database = TestInfrastructure.shared().newDatabase();
        dataSource = new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/ingress").schemas("ingress")
                .defaultSchema("ingress").createSchemas(true).load().migrate();
    }

    @Test
    void twoInstancesRacingForATenantsPermitsGrantExactlyItsLimitBetweenThem() throws Exception {
        List<TenantRateLimits> instances = List.of(instance(), instance());
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> takes = new ArrayList<>();
        for (int i = 0; i < 3 * LIMIT; i++) {
            TenantRateLimits instance = instances.get(i % 2);
            takes.add(threads.submit((Callable<Boolean>) () -> {
                try {
                    instance.take("acme", 1);
                    return true;
                } catch (RateLimitedException limited) {
                    return false;
                }
            }));
        }
        int granted = 0;
        for (Future<Boolean> take : takes) {
            granted += take.get() ? 1 : 0;
        }
        threads.shutdown();

        assertThat(granted).isEqualTo(LIMIT);
        // Another tenant has its own minute; the next minute gives acme its permits again, and the past one is swept.
        instances.get(0).take("beta", LIMIT);
        assertThatThrownBy(() -> instances.get(1).take("acme", 1)).isInstanceOfSatisfying(RateLimitedException.class,
                limited -> assertThat(limited.retryAfter()).hasSeconds(45));
        now.set(MINUTE.plusSeconds(61));
        instances.get(1).take("acme", LIMIT);
        assertThat(JdbcClient.create(dataSource).sql("SELECT count(*) FROM ingress.tenant_minutes WHERE minute_start < ?")
                .param(java.sql.Timestamp.from(MINUTE.plusSeconds(60))).query(Integer.class).single()).isZero();
    }

    private TenantRateLimits instance() {
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        return new TenantRateLimits(new LimitSettings(org.springframework.util.unit.DataSize.ofMegabytes(4), LIMIT,
                Map.of(), LimitSettings.Scope.CLUSTER), new SimpleMeterRegistry(), JdbcClient.create(dataSource), clock);
    }
}
