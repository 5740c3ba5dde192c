package io.genpipe.worker.adapter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A job's input images, as an adapter sends them on. They arrive as references ({@code inputs.images}): an https URL
 * goes to the vendor as it is, and a {@code file:} reference into the image store (an upload) is read here and sent
 * as a data URI, which every vendor that takes image URLs also takes, or as bytes. A training set given as loose
 * images is zipped here for vendors that take one archive.
 *
 * <p>A {@code file:} reference is read only from under the image store's directory: a message cannot make the worker
 * read any other file.
 */
public final class InputFiles {

    /** Larger inputs are refused rather than held in memory: vendors refuse them too (OpenAI: 50 MB, Stability 10). */
    public static final long MAX_FILE_BYTES = 50L * 1024 * 1024;
    public static final long MAX_ARCHIVE_BYTES = 500L * 1024 * 1024;
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofSeconds(60);

    private final Path storeRoot;
    private final VendorHttp http;

    public InputFiles(Path storeRoot, VendorHttp http) {
        this.storeRoot = storeRoot.toAbsolutePath().normalize();
        this.http = http;
    }

    /** The reference a vendor can fetch: an http(s) URL as it is, a stored image as a data URI. */
    public String urlOrDataUri(String reference) {
        URI uri = parse(reference);
        if (!"file".equals(uri.getScheme())) {
            return reference;
        }
        byte[] bytes = readStored(uri);
        return "data:" + contentType(bytes) + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }

    /** The bytes of one input image, read from the store or downloaded. */
    public CompletableFuture<byte[]> bytes(String reference) {
        URI uri;
        try {
            uri = parse(reference);
            if ("file".equals(uri.getScheme())) {
                return CompletableFuture.completedFuture(readStored(uri));
            }
        } catch (InputFileException e) {
            return CompletableFuture.failedFuture(e);
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(DOWNLOAD_TIMEOUT).GET().build();
        return http.sendForBytes(request).thenApply(response -> {
            if (response.statusCode() != 200) {
                throw new InputFileException("input image " + redacted(uri) + " answered HTTP " + response.statusCode());
            }
            if (response.body().length > MAX_FILE_BYTES) {
                throw new InputFileException("input image " + redacted(uri) + " is over " + MAX_FILE_BYTES + " bytes");
            }
            return response.body();
        });
    }

    /** A zip of the images, named {@code image-<i>.<ext>} in their order, for vendors that train on one archive. */
    public CompletableFuture<byte[]> zip(List<String> references) {
        List<CompletableFuture<byte[]>> reads = new ArrayList<>();
        references.forEach(reference -> reads.add(bytes(reference)));
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(done -> {
            ByteArrayOutputStream archive = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(archive)) {
                for (int i = 0; i < reads.size(); i++) {
                    byte[] image = reads.get(i).join();
                    zip.putNextEntry(new ZipEntry("image-" + i + "." + extension(contentType(image))));
                    zip.write(image);
                    zip.closeEntry();
                    if (archive.size() > MAX_ARCHIVE_BYTES) {
                        throw new InputFileException("the training images are over " + MAX_ARCHIVE_BYTES + " bytes");
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return archive.toByteArray();
        });
    }

    /** The image type its first bytes say, as vendors want it named; {@code image/png} when they say nothing known. */
    public static String contentType(byte[] bytes) {
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8 && (bytes[2] & 0xFF) == 0xFF) {
            return "image/jpeg";
        }
        if (bytes.length >= 12 && bytes[0] == 'R' && bytes[1] == 'I' && bytes[2] == 'F' && bytes[3] == 'F'
                && bytes[8] == 'W' && bytes[9] == 'E' && bytes[10] == 'B' && bytes[11] == 'P') {
            return "image/webp";
        }
        if (bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4) {
            return "application/zip";
        }
        return "image/png";
    }

    private static String extension(String contentType) {
        return switch (contentType) {
            case "image/jpeg" -> "jpg";
            case "image/webp" -> "webp";
            default -> "png";
        };
    }

    private byte[] readStored(URI uri) {
        Path file;
        try {
            file = Path.of(uri).toAbsolutePath().normalize();
        } catch (IllegalArgumentException e) {
            throw new InputFileException("input image is not a file: reference the store can read");
        }
        if (!file.startsWith(storeRoot)) {
            // Never name the path: it came from a message, and the refusal goes back into events.
            throw new InputFileException("input image is outside the image store");
        }
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new InputFileException("input image " + file.getFileName() + " is over " + MAX_FILE_BYTES
                        + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InputFileException("input image " + file.getFileName() + " is not in the image store");
        }
    }

    private static URI parse(String reference) {
        try {
            URI uri = URI.create(reference);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("file") && !scheme.equals("https") && !scheme.equals("http")) {
                throw new InputFileException("input image is neither an http(s) URL nor a file: reference");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new InputFileException("input image reference does not parse");
        }
    }

    private static String redacted(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + "/…";
    }

    /**
     * An input the worker cannot read: the attempt fails INVALID_REQUEST (another provider would not read it
     * either), with this message, which names no path or URL query.
     */
    public static final class InputFileException extends RuntimeException {

        public InputFileException(String message) {
            super(message);
        }
    }
}
