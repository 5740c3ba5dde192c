package io.genpipe.ingress.uploads;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;

/**
 * {@code genpipe.ingress.uploads.*}: where uploaded input images are kept, and how large they may be.
 *
 * @param dir            the directory uploads are stored under, as {@code <dir>/<tenant>/<id>.<ext>}. It must lie
 *                       inside the workers' image store ({@code genpipe.workers.images.dir}), at the same absolute
 *                       path on every host: the workers read a job's {@code file:} inputs from their store only
 * @param maxSize        the largest image one upload (or one file of {@code /v1/images/edits}) may be; more is a 413
 * @param maxRequestSize the largest whole body of {@code POST /v1/images/edits} in multipart, every file together
 */
@ConfigurationProperties("genpipe.ingress.uploads")
public record UploadSettings(
        @DefaultValue("./data/images/uploads") Path dir,
        @DefaultValue("20MB") DataSize maxSize,
        @DefaultValue("64MB") DataSize maxRequestSize) {

    public UploadSettings {
        if (maxSize.toBytes() < 1 || maxRequestSize.toBytes() < maxSize.toBytes()) {
            throw new IllegalArgumentException("genpipe.ingress.uploads.max-size must be at least 1 byte and at most"
                    + " max-request-size");
        }
    }
}
