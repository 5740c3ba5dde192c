package io.genpipe.ingress.openai;

/** An image of a succeeded job could not be read: its vendor URL expired or failed, or its file is not here. */
class ImageUnavailableException extends RuntimeException {

    ImageUnavailableException(String message) {
        super(message);
    }

    ImageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
