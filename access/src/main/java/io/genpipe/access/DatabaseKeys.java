package io.genpipe.access;

import io.genpipe.access.keys.DatabaseApiKeys;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.time.Clock;

/**
 * Keys from the database, in a service that has one (the ingress and the sink): on unless
 * {@code genpipe.access.database-keys=false}. A service without a database takes its keys from configuration only.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class, before = AccessAutoConfiguration.class)
@ConditionalOnClass({JdbcClient.class, Flyway.class})
@ConditionalOnBean(DataSource.class)
@ConditionalOnProperty(name = "genpipe.access.database-keys", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(AccessSettings.class)
public class DatabaseKeys {

    /** {@code clock} stamps when keys are made and revoked; the service's own when it has one. */
    @Bean
    DatabaseApiKeys databaseApiKeys(DataSource dataSource, AccessSettings settings, ObjectProvider<Clock> clock) {
        return new DatabaseApiKeys(dataSource, clock.getIfAvailable(Clock::systemUTC), settings.keyCacheTtl());
    }
}
