package io.genpipe.ingress.openai;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bytes behind an {@code ImageRef.uri}: a vendor's {@code http(s)} URL, fetched without holding a thread, or a
 * {@code file:} reference into the workers' image store, read on a small pool of its own. A {@code file:} image is
 * readable only where this ingress shares the workers' file system (the local run, or a shared volume).
 */
@Component
class ImageBytes implements DisposableBean {

    private final ExecutorService reads = Executors.newFixedThreadPool(2, daemonThreads());
    private final HttpClient http;
    private final Duration timeout;
    private final Path store;

    ImageBytes(OpenAiSettings settings) {
        this.timeout = settings.imageReadTimeout();
        this.store = settings.imageStore().toAbsolutePath().normalize();
        // Vendors' CDNs redirect; the pool also runs the client's callbacks, off the outcome reader's thread.
        this.http = HttpClient.newBuilder().executor(reads).followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(timeout).build();
    }

    /** Completes with {@link ImageUnavailableException} when the image cannot be had. */
    CompletableFuture<byte[]> read(String uri) {
        URI image;
        try {
            image = URI.create(uri);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new ImageUnavailableException("not a URI: " + e.getMessage()));
        }
        String scheme = image.getScheme() == null ? "" : image.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "http", "https" -> fetch(image);
            case "file" -> CompletableFuture.supplyAsync(() -> readFile(image), reads);
            default -> CompletableFuture.failedFuture(
                    new ImageUnavailableException("cannot read an image at a '" + scheme + "' URI"));
        };
    }

    private CompletableFuture<byte[]> fetch(URI image) {
        HttpRequest request = HttpRequest.newBuilder(image).timeout(timeout).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).handle((response, error) -> {
            if (error != null) {
                throw new ImageUnavailableException("fetching the image failed: " + error, error);
            }
            if (response.statusCode() != 200) {
                // Vendor URLs expire (OpenAI's after an hour, Replicate's after one): the status URL still has the job.
                throw new ImageUnavailableException("the image's host answered " + response.statusCode());
            }
            return response.body();
        });
    }

    private byte[] readFile(URI image) {
        try {
            Path file = Path.of(image).toAbsolutePath().normalize();
            // An outcome names the file; whoever can write that topic must not make the ingress serve any file it can
            // read. Real paths, so that a link inside the store cannot lead out of it either.
            if (!file.startsWith(store) || !file.toRealPath().startsWith(store.toRealPath())) {
                throw new ImageUnavailableException("the image is outside the image store " + store);
            }
            return Files.readAllBytes(file);
        } catch (IOException | IllegalArgumentException e) {
            throw new ImageUnavailableException("the image is not in this ingress's file system: " + e, e);
        }
    }

    @Override
    public void destroy() {
        reads.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "openai-image-reads-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
