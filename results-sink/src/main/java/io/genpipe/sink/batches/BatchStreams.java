package io.genpipe.sink.batches;

import io.genpipe.sink.NotFound;
import io.genpipe.sink.following.FollowTicks;
import io.genpipe.sink.following.TooManyFollowers;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code GET /v1/batches/{id}/events}: a batch followed as a server-sent event stream. The batch's statistics are
 * sent at once as a {@code progress} event, then again each time they change (checked every interval, one query per
 * followed batch), and the stream ends with a {@code complete} event once every job of the batch has ended. Any sink
 * instance can hold the stream, whichever records the batch's outcomes.
 */
@Component
class BatchStreams {

    static final String PROGRESS = "progress";
    static final String COMPLETE = "complete";

    private final BatchQueries queries;
    private final FollowTicks ticks;
    private final Map<String, List<Follower>> following = new ConcurrentHashMap<>();

    BatchStreams(BatchQueries queries, FollowTicks ticks) {
        this.queries = queries;
        this.ticks = ticks;
        ticks.every("batch streams", this::check);
    }

    /** @param tenantScope the caller's tenant, or null for an admin: another tenant's batch is a 404 */
    SseEmitter follow(String batchId, String tenantScope) {
        BatchStatistics now = queries.find(batchId, tenantScope)
                .orElseThrow(() -> NotFound.of("batch", "batchId", batchId));
        if (!ticks.admit()) {
            throw new TooManyFollowers(ticks.settings().maxFollowers());
        }
        SseEmitter emitter = new SseEmitter(ticks.settings().streamTimeout().toMillis());
        Follower follower = new Follower(tenantScope, emitter);
        emitter.onCompletion(() -> {
            following.computeIfPresent(batchId, (id, followers) -> {
                followers.remove(follower);
                return followers.isEmpty() ? null : followers;
            });
            ticks.release();
        });
        following.computeIfAbsent(batchId, id -> new CopyOnWriteArrayList<>()).add(follower);
        follower.send(now);
        return emitter;
    }

    private void check() {
        following.forEach((batchId, followers) -> {
            // Followers of one batch may be of different scopes (its tenant, an admin): ask once per scope.
            Map<Optional<String>, Optional<BatchStatistics>> byScope = new ConcurrentHashMap<>();
            for (Follower follower : followers) {
                byScope.computeIfAbsent(Optional.ofNullable(follower.tenantScope()),
                                scope -> queries.find(batchId, scope.orElse(null)))
                        .ifPresent(follower::send);
            }
        });
    }

    private static final class Follower {

        private final String tenantScope;
        private final SseEmitter emitter;
        private BatchStatistics last;

        Follower(String tenantScope, SseEmitter emitter) {
            this.tenantScope = tenantScope;
            this.emitter = emitter;
        }

        String tenantScope() {
            return tenantScope;
        }

        /** Sends the statistics if they changed, and ends the stream once the batch is complete. */
        synchronized void send(BatchStatistics statistics) {
            if (Objects.equals(statistics, last)) {
                return;
            }
            last = statistics;
            try {
                emitter.send(SseEmitter.event().name(PROGRESS).data(statistics, MediaType.APPLICATION_JSON));
                if (statistics.complete()) {
                    emitter.send(SseEmitter.event().name(COMPLETE).data(statistics, MediaType.APPLICATION_JSON));
                    emitter.complete();
                }
            } catch (IOException | IllegalStateException gone) {
                // The client left (or the stream timed out): its completion callback frees its place.
                emitter.completeWithError(gone);
            }
        }
    }
}
