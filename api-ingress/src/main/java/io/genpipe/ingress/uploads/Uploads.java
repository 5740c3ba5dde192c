package io.genpipe.ingress.uploads;

import io.genpipe.contracts.json.MessageFormatException;
import io.genpipe.ingress.limits.PayloadTooLargeException;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Takes one uploaded image: bounded by {@code genpipe.ingress.uploads.max-size}, of a type its bytes say (PNG, JPEG
 * or WebP), stored under its tenant. Counted in {@value #UPLOADS} (tag {@code type}) and its bytes in
 * {@value #UPLOADED_BYTES}.
 */
@Component
public class Uploads {

    static final String UPLOADS = "genpipe.ingress.uploads";
    static final String UPLOADED_BYTES = "genpipe.ingress.uploads.bytes";

    private final UploadStore store;
    private final UploadSettings settings;
    private final MeterRegistry meters;
    private final DistributionSummary uploadedBytes;

    Uploads(UploadStore store, UploadSettings settings, MeterRegistry meters) {
        this.store = store;
        this.settings = settings;
        this.meters = meters;
        this.uploadedBytes = DistributionSummary.builder(UPLOADED_BYTES).baseUnit("bytes")
                .description("sizes of the images uploaded").register(meters);
    }

    /**
     * @param field the request's name for the image ({@code file}, {@code image[1]}), for a refusal
     * @throws MessageFormatException    when the bytes are no PNG, JPEG or WebP image (400 naming {@code field})
     * @throws PayloadTooLargeException  when they are over {@code max-size} (413)
     */
    public StoredUpload store(String tenant, byte[] bytes, String field) {
        ImageType type = check(bytes, field);
        StoredUpload stored = store.save(tenant, type, bytes);
        meters.counter(UPLOADS, "type", type.extension()).increment();
        uploadedBytes.record(bytes.length);
        return stored;
    }

    /**
     * What {@code bytes} are, checked as {@link #store} checks them, storing nothing.
     *
     * @throws MessageFormatException   when they are no PNG, JPEG or WebP image
     * @throws PayloadTooLargeException when they are over {@code max-size}
     */
    public ImageType check(byte[] bytes, String field) {
        requireWithinSize(bytes.length);
        return ImageType.of(bytes).orElseThrow(() -> MessageFormatException.invalid(field,
                bytes.length == 0 ? "is empty" : "is not a PNG, JPEG or WebP image (told by its bytes, whatever its"
                        + " declared type)"));
    }

    /** At most {@code max-size} bytes of {@code body}; one byte more is a 413, read no further. */
    public byte[] read(InputStream body) {
        long limit = settings.maxSize().toBytes();
        try {
            byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            requireWithinSize(bytes.length);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws PayloadTooLargeException when {@code length} (a declared one too) is over {@code max-size} */
    public void requireWithinSize(long length) {
        if (length > settings.maxSize().toBytes()) {
            throw new PayloadTooLargeException("An upload", settings.maxSize());
        }
    }
}
