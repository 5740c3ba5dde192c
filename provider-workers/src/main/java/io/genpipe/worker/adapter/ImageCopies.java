package io.genpipe.worker.adapter;

import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageRef;
import io.genpipe.worker.adapter.GenerationResult.Failed;
import io.genpipe.worker.adapter.GenerationResult.Generated;
import io.genpipe.worker.image.ImageStore;
import io.genpipe.worker.image.ImageStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Copies the images behind a vendor's links into the {@link ImageStore}, for vendors whose links expire (Ideogram's
 * within hours, Replicate's outputs an hour after the prediction, fal's as its CDN keeps them): a result that names
 * a dead link a day later is worth nothing. It wraps a provider's adapter ({@link #around}) when the provider's
 * {@code options.copy-images} says so, so every vendor copies the same way.
 *
 * <p>The downloads go through the shared client, answered on the worker's pool, within what is left of the call's
 * timeout. Image links are public: no key is sent with them. The stored image is the downloaded file (as PNG, the
 * store's format) with the size read from its bytes, not the one the vendor reported: a wrong size shows.
 */
public final class ImageCopies {

    private static final Logger log = LoggerFactory.getLogger(ImageCopies.class);

    private final VendorHttp http;
    private final ImageStore images;

    public ImageCopies(VendorHttp http, ImageStore images) {
        this.http = Objects.requireNonNull(http, "http");
        this.images = Objects.requireNonNull(images, "images");
    }

    /**
     * The adapter, with each image of each result it generates copied into the store.
     *
     * @param provider the catalog provider the adapter serves, named when a bug of ours is logged
     * @param vendor   the vendor's name as failure reasons give it ("fal", "Ideogram")
     */
    public VendorAdapter around(String provider, String vendor, VendorAdapter adapter) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(adapter, "adapter");
        return request -> {
            long deadline = System.nanoTime() + request.timeout().toNanos();
            return adapter.generate(request).thenCompose(result -> copy(provider, vendor, request, result, deadline));
        };
    }

    /**
     * The result with every http(s) image replaced by its copy; failures and results without links (a training, bytes
     * already stored) pass unchanged. Any image that cannot be copied fails the call, keeping its cost: the images
     * were made and paid for, but a result with a link that will die is not one to report.
     */
    CompletableFuture<GenerationResult> copy(String provider, String vendor, GenerationRequest request,
                                             GenerationResult result, long deadlineNanos) {
        if (!(result instanceof Generated generated) || generated.images().stream().noneMatch(ImageCopies::isLink)) {
            return CompletableFuture.completedFuture(result);
        }
        Duration left = Duration.ofNanos(Math.max(1, deadlineNanos - System.nanoTime()));
        List<CompletableFuture<HttpResponse<byte[]>>> downloads = new ArrayList<>();
        for (ImageRef image : generated.images()) {
            downloads.add(isLink(image) ? http.sendForBytes(download(URI.create(image.uri()), left))
                    : CompletableFuture.completedFuture(null));
        }
        return CompletableFuture.allOf(downloads.toArray(CompletableFuture[]::new)).handle((all, error) -> {
            if (error != null) {
                Failed transport = TransportFailures.classify(error, request.timeout());
                return new Failed(transport.failureClass(), "could not copy " + article(vendor) + " image: "
                        + transport.reason(), generated.cost());
            }
            try {
                return stored(vendor, request, generated, downloads);
            } catch (RuntimeException bug) {
                return InternalErrors.failed(provider, request, bug);
            }
        });
    }

    private GenerationResult stored(String vendor, GenerationRequest request, Generated generated,
                                    List<CompletableFuture<HttpResponse<byte[]>>> downloads) {
        List<ImageRef> stored = new ArrayList<>();
        for (int i = 0; i < downloads.size(); i++) {
            HttpResponse<byte[]> image = downloads.get(i).join();
            if (image == null) {
                stored.add(generated.images().get(i)); // not a link: already where it stays
                continue;
            }
            if (image.statusCode() != 200) {
                // An expired or missing link: the images are paid for, but gone; a new call makes new ones.
                return new Failed(FailureClass.RETRYABLE, "could not copy " + article(vendor) + " image (HTTP "
                        + image.statusCode() + ")", generated.cost());
            }
            Optional<ImageBytes.Png> png = ImageBytes.asPng(image.body());
            if (png.isEmpty()) {
                return new Failed(FailureClass.RETRYABLE, "a copied " + vendor + " image is no image this worker reads",
                        generated.cost());
            }
            try {
                stored.add(images.store(request.jobId(), request.attempt(), request.firstImage() + i,
                        png.get().bytes(), png.get().size().width(), png.get().size().height()));
            } catch (ImageStoreException e) {
                log.error("could not store an image of job {} attempt {}", request.jobId(), request.attempt(), e);
                return new Failed(FailureClass.RETRYABLE, "image store failed", generated.cost());
            }
        }
        return new Generated(stored, generated.cost(), generated.trainedModel());
    }

    private static HttpRequest download(URI url, Duration timeout) {
        return HttpRequest.newBuilder(url).timeout(timeout).header("Accept", "image/*").GET().build();
    }

    private static boolean isLink(ImageRef image) {
        String uri = image.uri().toLowerCase(Locale.ROOT);
        return uri.startsWith("https://") || uri.startsWith("http://");
    }

    /** "an Ideogram", "a fal": reasons read as sentences. */
    private static String article(String vendor) {
        return ("aeiouAEIOU".indexOf(vendor.charAt(0)) >= 0 ? "an " : "a ") + vendor;
    }
}
