package io.genpipe.ingress.uploads;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Uploads as files, {@code <dir>/<tenant>/<random id>.<ext>}, named by their absolute {@code file:} URI, which is
 * what the workers' {@code InputFiles} reads (only from under their image store, which {@code dir} lies in).
 */
public final class LocalDirectoryUploadStore implements UploadStore {

    /** A tenant id that makes a directory name as it is; any other is hashed, so no id can leave the root. */
    private static final Pattern SAFE_TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");
    private static final Pattern UPLOAD_NAME = Pattern.compile("[0-9a-f]{32}\\.(png|jpg|webp)");

    private final Path root;

    public LocalDirectoryUploadStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public StoredUpload save(String tenant, ImageType type, byte[] bytes) {
        String name = UUID.randomUUID().toString().replace("-", "") + "." + type.extension();
        Path directory = root.resolve(directoryOf(tenant));
        Path file = directory.resolve(name);
        try {
            Files.createDirectories(directory);
            // Written aside, then moved: a worker never reads half an upload.
            Path partial = Files.createTempFile(directory, name, ".part");
            try {
                Files.write(partial, bytes);
                move(partial, file);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not store an upload of tenant " + tenant, e);
        }
        return new StoredUpload(file.toUri().toString(), type.contentType(), bytes.length, name);
    }

    @Override
    public Ownership ownership(String reference, String tenant) {
        Path file;
        try {
            URI uri = URI.create(reference);
            if (!"file".equals(uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT))) {
                return Ownership.NOT_AN_UPLOAD;
            }
            file = Path.of(uri).toAbsolutePath().normalize();
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return Ownership.NOT_AN_UPLOAD;
        }
        if (!file.startsWith(root) || root.relativize(file).getNameCount() != 2
                || !UPLOAD_NAME.matcher(file.getFileName().toString()).matches()) {
            return Ownership.NOT_AN_UPLOAD;
        }
        if (tenant != null && !file.getParent().getFileName().toString().equals(directoryOf(tenant))) {
            // Said before whether it exists: another tenant's names are not for probing.
            return Ownership.FOREIGN;
        }
        return Files.isRegularFile(file) ? Ownership.OWN : Ownership.MISSING;
    }

    @Override
    public Optional<byte[]> read(String tenant, String name) {
        if (!UPLOAD_NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Path file = root.resolve(directoryOf(tenant)).resolve(name);
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read an upload of tenant " + tenant, e);
        }
    }

    /**
     * The tenant's directory name: the id itself when it is safe as one, otherwise {@code ~} and the SHA-256 of it in
     * hex (short enough for any file system, and never a separator or {@code ..}).
     */
    static String directoryOf(String tenant) {
        if (SAFE_TENANT.matcher(tenant).matches()) {
            return tenant;
        }
        try {
            return "~" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(tenant.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }
}
