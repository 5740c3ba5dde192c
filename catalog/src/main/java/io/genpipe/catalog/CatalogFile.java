package io.genpipe.catalog;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Puts the catalog file under every other property source of the service, so that the file gives the defaults and
 * ordinary Spring configuration (the service's YAML, environment variables, {@code --key=value}) overrides any key
 * of it. The file is {@code genpipe.catalog.location} when set (a path, {@code file:} or {@code classpath:}),
 * otherwise the default one shipped here.
 */
public class CatalogFile implements EnvironmentPostProcessor {

    public static final String DEFAULT_LOCATION = "classpath:genpipe-catalog.yml";
    static final String SOURCE_NAME = "genpipe-catalog";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(SOURCE_NAME)) {
            return;
        }
        String location = environment.getProperty("genpipe.catalog.location", DEFAULT_LOCATION);
        Resource file = new DefaultResourceLoader().getResource(location.contains(":") ? location : "file:" + location);
        if (!file.exists()) {
            throw new InvalidCatalogException(List.of("genpipe.catalog.location: no catalog file at " + location));
        }
        try {
            List<PropertySource<?>> documents = new YamlPropertySourceLoader().load(SOURCE_NAME, file);
            for (PropertySource<?> document : documents) {
                environment.getPropertySources().addLast(document);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the catalog file " + location, e);
        } catch (IllegalStateException e) {
            throw new InvalidCatalogException(List.of("genpipe.catalog.location: " + location + " is not valid YAML: "
                    + e.getMessage()));
        }
    }
}
