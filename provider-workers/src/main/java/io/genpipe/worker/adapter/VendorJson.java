package io.genpipe.worker.adapter;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reading and writing vendor JSON. Vendor bodies are read as trees, not bound to classes: they change without
 * notice, and an error body that is not JSON at all (an HTML page from a proxy) must still classify.
 */
public final class VendorJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private VendorJson() {
    }

    /** The parsed body, or a missing node when it is empty or not JSON. */
    public static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException notJson) {
            return MissingNode.getInstance();
        }
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static String write(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }
}
