package io.genpipe.ingress.problem;

import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.json.MessageFormatException;

/**
 * A request body read with the contract's serde, which must be a JSON object: the JSON {@code null} is valid JSON that
 * Jackson reads as no object at all, and no endpoint can do anything with it. Refused as a body that is not JSON would
 * be (400, {@code NOT_JSON}), never left to fail later as a server error.
 */
public final class RequestBodies {

    private RequestBodies() {
    }

    /** @throws MessageFormatException when the bytes are not a JSON object of {@code type} */
    public static <T> T read(byte[] body, Class<T> type) {
        return present(JsonSerde.instance().read(body, type));
    }

    /** @see #read(byte[], Class) */
    public static <T> T read(String body, Class<T> type) {
        return present(JsonSerde.instance().read(body, type));
    }

    private static <T> T present(T request) {
        if (request == null) {
            throw new MessageFormatException(MessageFormatException.Problem.NOT_JSON, null, "must be a JSON object");
        }
        return request;
    }
}
