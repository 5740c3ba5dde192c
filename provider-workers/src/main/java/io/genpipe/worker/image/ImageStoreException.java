package io.genpipe.worker.image;

/** An image could not be written: a problem of this worker's disk, not of the vendor. */
public class ImageStoreException extends RuntimeException {

    public ImageStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
