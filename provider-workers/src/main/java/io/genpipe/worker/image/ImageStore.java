package io.genpipe.worker.image;

import io.genpipe.contracts.event.ImageRef;

/**
 * Keeps images that vendors hand back as bytes (OpenAI's base64), so that events carry a reference and never
 * the bytes. One image per job, attempt and index: storing the same one again (a redelivered attempt)
 * replaces it.
 */
public interface ImageStore {

    /**
     * @throws ImageStoreException when the image cannot be kept
     */
    ImageRef store(String jobId, int attempt, int index, byte[] png, int width, int height);
}
