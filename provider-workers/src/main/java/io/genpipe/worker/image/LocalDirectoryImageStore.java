package io.genpipe.worker.image;

import io.genpipe.contracts.event.ImageRef;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes images under one directory as {@code <dir>/<jobId>/<attempt>-<index>.png} and refers to them by
 * {@code file:} URI. For one machine or a shared volume; an object store can take its place behind
 * {@link ImageStore}.
 */
public final class LocalDirectoryImageStore implements ImageStore {

    private final Path root;

    public LocalDirectoryImageStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public ImageRef store(String jobId, int attempt, int index, byte[] png, int width, int height) {
        Path directory = root.resolve(safeName(jobId)).normalize();
        if (!directory.startsWith(root) || directory.equals(root)) {
            throw new IllegalArgumentException("job id does not make a directory name");
        }
        Path file = directory.resolve(attempt + "-" + index + ".png");
        try {
            Files.createDirectories(directory);
            // Write aside and move, so that a reader never sees half an image.
            Path partial = Files.createTempFile(directory, attempt + "-" + index + "-", ".part");
            Files.write(partial, png);
            move(partial, file);
        } catch (IOException | UncheckedIOException e) {
            throw new ImageStoreException("could not store image " + index + " of attempt " + attempt, e);
        }
        return new ImageRef(file.toUri().toString(), width, height, "image/png");
    }

    /** Job ids come from messages: keep them to characters that cannot climb out of the directory. */
    static String safeName(String jobId) {
        String safe = jobId.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.equals(".") || safe.equals("..") ? safe.replace('.', '_') : safe;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
