package io.genpipe.ingress.uploads;

import java.util.Optional;

/**
 * Where uploaded images are kept, each under its tenant. A directory today ({@link LocalDirectoryUploadStore}); an
 * object store can take its place, as long as the workers can read what a reference names.
 */
public interface UploadStore {

    /** Stores {@code bytes} as a new upload of {@code tenant}, under a name no other upload has. */
    StoredUpload save(String tenant, ImageType type, byte[] bytes);

    /**
     * Whose upload {@code reference} (a {@code file:} reference) is, if it is one that exists.
     *
     * @param tenant the tenant naming it; {@code null} for a caller that may name any tenant's (an admin): then an
     *               upload is {@code OWN} or {@code MISSING}, never {@code FOREIGN}
     */
    Ownership ownership(String reference, String tenant);

    /** The bytes of {@code tenant}'s upload {@code name}, if there is one. */
    Optional<byte[]> read(String tenant, String name);

    /** What a {@code file:} reference is to the tenant that names it. */
    enum Ownership {
        /** One of the tenant's own uploads. */
        OWN,
        /** An upload of another tenant. */
        FOREIGN,
        /** Under the uploads, in the form of an upload, but no such file: deleted, or never made. */
        MISSING,
        /** Not an upload at all: anywhere else on the file system, the image store's results included. */
        NOT_AN_UPLOAD
    }
}
