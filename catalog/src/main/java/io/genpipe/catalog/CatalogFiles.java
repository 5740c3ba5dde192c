package io.genpipe.catalog;

import io.genpipe.contracts.catalog.Catalog;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a catalog outside a Spring application, exactly as a service binds it: for tests, the benchmark and tools.
 * Services get theirs from {@link CatalogAutoConfiguration}.
 */
public final class CatalogFiles {

    private CatalogFiles() {
    }

    /** The catalog shipped as the default, which the local run uses. */
    public static Catalog defaults() {
        return defaults(Map.of());
    }

    /** The default catalog with some keys overridden ({@code genpipe.catalog.providers.fal.base-url}, ...). */
    public static Catalog defaults(Map<String, String> overrides) {
        return read(new DefaultResourceLoader().getResource(CatalogFile.DEFAULT_LOCATION), overrides);
    }

    /** A catalog from YAML text in the catalog file's format. */
    public static Catalog fromYaml(String yaml) {
        return read(new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8), "catalog"), Map.of());
    }

    public static CatalogProperties properties(Resource file, Map<String, String> overrides) {
        List<PropertySource<?>> sources = new ArrayList<>();
        sources.add(new MapPropertySource("overrides", Map.copyOf(overrides)));
        try {
            sources.addAll(new YamlPropertySourceLoader().load(CatalogFile.SOURCE_NAME, file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Binder(ConfigurationPropertySources.from(sources))
                .bindOrCreate("genpipe.catalog", Bindable.of(CatalogProperties.class));
    }

    private static Catalog read(Resource file, Map<String, String> overrides) {
        return CatalogReader.read(properties(file, overrides));
    }
}
