package io.genpipe.catalog;

import io.genpipe.contracts.catalog.Catalog;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The one {@link Catalog} of the service, read and checked at start-up (an invalid catalog stops the start), and
 * the {@link LiveCatalog} that follows the shutdown dates vendors publish.
 */
@AutoConfiguration
@EnableConfigurationProperties(CatalogProperties.class)
public class CatalogAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Catalog catalog(CatalogProperties properties) {
        return CatalogReader.read(properties);
    }

    /** The catalog with what vendors published since; services that route or list models read this one. */
    @Bean
    @ConditionalOnMissingBean
    LiveCatalog liveCatalog(Catalog catalog) {
        return new LiveCatalog(catalog);
    }
}
