package io.genpipe.worker.image;

import io.genpipe.contracts.event.ImageRef;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes images under one directory as {@code <dir>/<jobId>/<attempt>-<index>.png} and refers to them by
 * {@code file:} URI. For one machine or a shared volume; an object store can take its place behind
 * {@link ImageStore}.
 *
 * <p>It runs once per image on the threads that handle the vendors' answers, so it avoids work per call that
 * the result does not need: no regex, no directory walk when the job's directory exists, no random retries for
 * the partial file's name, and no file system lookup to build the URI.
 */
public final class LocalDirectoryImageStore implements ImageStore {

    private final Path root;
    /** The root's {@code file:} URI, ending in "/"; a safe name needs no escaping after it. */
    private final String rootUri;
    /** Tells this store's partial files from another instance's on a shared volume. */
    private final String instanceTag = Long.toHexString(ThreadLocalRandom.current().nextLong());
    private final AtomicLong partials = new AtomicLong();

    public LocalDirectoryImageStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        String uri = this.root.toUri().toString();
        this.rootUri = uri.endsWith("/") ? uri : uri + "/";
    }

    public Path root() {
        return root;
    }

    @Override
    public ImageRef store(String jobId, int attempt, int index, byte[] png, int width, int height) {
        String directoryName = safeName(jobId);
        if (directoryName.isEmpty()) {
            throw new IllegalArgumentException("job id does not make a directory name");
        }
        // A safe name has no separator and is neither "." nor "..": the directory is a child of the root.
        Path directory = root.resolve(directoryName);
        String fileName = attempt + "-" + index + ".png";
        Path file = directory.resolve(fileName);
        try {
            // Write aside and move, so that a reader never sees half an image.
            Path partial = writePartial(directory, fileName, png);
            move(partial, file);
        } catch (IOException | UncheckedIOException e) {
            throw new ImageStoreException("could not store image " + index + " of attempt " + attempt, e);
        }
        return new ImageRef(rootUri + directoryName + "/" + fileName, width, height, "image/png");
    }

    /**
     * Writes {@code png} to a new file of a name no other call uses, creating the job's directory only when it is
     * missing (the first image of a job).
     */
    private Path writePartial(Path directory, String fileName, byte[] png) throws IOException {
        while (true) {
            Path partial = directory.resolve(fileName + "." + instanceTag + "-" + partials.incrementAndGet() + ".part");
            try {
                writeNew(partial, png);
                return partial;
            } catch (NoSuchFileException e) {
                Files.createDirectories(directory);
                writeNew(partial, png);
                return partial;
            } catch (FileAlreadyExistsException e) {
                // Left by an earlier process with the same tag: take the next name.
            }
        }
    }

    private static void writeNew(Path partial, byte[] png) throws IOException {
        try (OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            out.write(png);
        }
    }

    /** Job ids come from messages: keep them to characters that cannot climb out of the directory. */
    static String safeName(String jobId) {
        char[] chars = null;
        for (int i = 0; i < jobId.length(); i++) {
            if (!isSafe(jobId.charAt(i))) {
                if (chars == null) {
                    chars = jobId.toCharArray();
                }
                chars[i] = '_';
            }
        }
        String safe = chars == null ? jobId : new String(chars);
        return safe.equals(".") || safe.equals("..") ? safe.replace('.', '_') : safe;
    }

    private static boolean isSafe(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-';
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
