package io.genpipe.ingress.openai;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * OpenAI's error body, {@code {"error":{"message","type","param","code"}}}, which the OpenAI SDKs parse into their
 * exceptions ({@code BadRequestError.param}, {@code .code}). {@code param} plays the role of genpipe's problem
 * {@code field}: the request member at fault, in OpenAI's names. {@code param} and {@code code} are always written,
 * {@code null} or not, as OpenAI's schema requires them.
 */
record OpenAiError(Detail error) {

    static OpenAiError of(String message, String type, String param, String code) {
        return new OpenAiError(new Detail(message, type, param, code));
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Detail(String message, String type, String param, String code) {
    }
}
