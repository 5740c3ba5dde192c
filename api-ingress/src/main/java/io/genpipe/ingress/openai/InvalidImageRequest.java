package io.genpipe.ingress.openai;

/**
 * A request to the OpenAI-compatible endpoint that genpipe refuses before any job exists: a value outside OpenAI's
 * own documented set, or one OpenAI documents but genpipe cannot honour. Answered 400 naming {@code param}.
 *
 * @see ImageGenerationMapping
 */
class InvalidImageRequest extends RuntimeException {

    /** What kind of refusal, as OpenAI's {@code error.code}. */
    enum Code {
        /** Not a value OpenAI documents for the member. */
        INVALID_VALUE,
        /** A value OpenAI documents, which genpipe does not do (streaming, a transparent background, ...). */
        UNSUPPORTED_VALUE,
        /** A member OpenAI does not document. */
        UNKNOWN_PARAMETER;

        String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final String param;
    private final Code code;

    InvalidImageRequest(String param, Code code, String message) {
        super(message);
        this.param = param;
        this.code = code;
    }

    String param() {
        return param;
    }

    Code code() {
        return code;
    }
}
