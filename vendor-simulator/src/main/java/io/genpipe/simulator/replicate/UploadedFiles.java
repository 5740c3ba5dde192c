package io.genpipe.simulator.replicate;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The files uploaded with {@code POST /v1/files}, held in memory up to {@link #MAX_TOTAL_BYTES} (the oldest go
 * first), each until it expires.
 */
final class UploadedFiles {

    /** Replicate's limit per file (its 413 says "Files must be less than 100MB in size"). */
    static final int MAX_FILE_BYTES = 100 * 1024 * 1024;
    /** The spec's example expires a file an hour after it was created; Replicate's actual lifetime is not given [?]. */
    static final Duration LIFETIME = Duration.ofHours(1);
    private static final long MAX_TOTAL_BYTES = 512L * 1024 * 1024;

    /** One uploaded file. */
    record StoredFile(String id, String filename, String contentType, byte[] content, String sha256,
                      JsonNode metadata, Instant createdAt) {

        Instant expiresAt() {
            return createdAt.plus(LIFETIME);
        }

        boolean isZip() {
            return content.length >= 4 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4;
        }
    }

    private final Map<String, StoredFile> byId = new ConcurrentHashMap<>();
    private final Queue<String> order = new ConcurrentLinkedQueue<>();
    private long totalBytes;

    synchronized void add(StoredFile file) {
        byId.put(file.id(), file);
        order.add(file.id());
        totalBytes += file.content().length;
        while (totalBytes > MAX_TOTAL_BYTES && order.size() > 1) {
            StoredFile oldest = byId.remove(order.poll());
            if (oldest != null) {
                totalBytes -= oldest.content().length;
            }
        }
    }

    /** The file, unless it never existed, was evicted or has expired by {@code now}. */
    Optional<StoredFile> find(String id, Instant now) {
        return Optional.ofNullable(byId.get(id)).filter(file -> now.isBefore(file.expiresAt()));
    }
}
