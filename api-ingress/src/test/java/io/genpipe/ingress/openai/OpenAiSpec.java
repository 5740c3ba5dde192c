package io.genpipe.ingress.openai;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's OpenAPI document, as far as the image endpoints go: {@code vendor-specs/openai-images.json} (their request
 * bodies and schemas, extracted unchanged; vendor-specs/README.md says from where and how), or, with
 * {@code -Dgenpipe.openai-openapi=<path>}, a whole copy of the document (e.g. a newer one). Schemas are read as JSON
 * Schema 2020-12, the dialect of OpenAPI 3.1, and their {@code $ref}s resolve inside the document.
 */
final class OpenAiSpec {

    static final String WHOLE_DOCUMENT_PROPERTY = "genpipe.openai-openapi";
    private static final String EXTRACT = "/vendor-specs/openai-images.json";
    private static final String SPEC_ID = "https://api.openai.com/openapi.yaml";

    private final JsonNode document;
    private final SchemaRegistry registry;

    private OpenAiSpec(String text) {
        this.document = YAMLMapper.builder().build().readTree(text);
        String json = JsonMapper.builder().build().writeValueAsString(document);
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(Map.of(SPEC_ID, json)));
    }

    static OpenAiSpec load() {
        String whole = System.getProperty(WHOLE_DOCUMENT_PROPERTY);
        return new OpenAiSpec(whole == null ? extract() : yamlOf(Path.of(whole)));
    }

    /** What {@code components/schemas/<name>} finds wrong with {@code value}; empty when it is valid. */
    List<Error> errors(String schema, JsonNode value) {
        return schema(schema).validate(value);
    }

    /** A node of the document by JSON pointer, e.g. an example of a request body. */
    JsonNode at(String pointer) {
        JsonNode node = document.at(pointer);
        if (node.isMissingNode()) {
            throw new IllegalStateException(pointer + " is not in OpenAI's document");
        }
        return node;
    }

    private Schema schema(String name) {
        return registry.getSchema(SchemaLocation.of(SPEC_ID + "#/components/schemas/" + name));
    }

    private static String extract() {
        try (InputStream in = OpenAiSpec.class.getResourceAsStream(EXTRACT)) {
            if (in == null) {
                throw new IllegalStateException(EXTRACT + " is not on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The document's text with whitespace-only lines emptied: OpenAI's file has an empty {@code |+} block scalar whose
     * blank line is indented deeper than the next key, which strict YAML parsers refuse (OpenAiRequestContractTest of
     * the workers says more); blank lines carry nothing a schema check reads.
     */
    private static String yamlOf(Path file) {
        try {
            return Files.readString(file).replaceAll("(?m)^[ \\t]+$", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
