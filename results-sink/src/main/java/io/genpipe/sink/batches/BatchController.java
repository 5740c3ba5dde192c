package io.genpipe.sink.batches;

import io.genpipe.access.Caller;
import io.genpipe.sink.NotFound;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** {@code GET /v1/batches/{batchId}}: how far a batch is, what it cost, and how each provider did. */
@RestController
class BatchController {

    private final BatchQueries queries;
    private final BatchStreams streams;

    BatchController(BatchQueries queries, BatchStreams streams) {
        this.queries = queries;
        this.streams = streams;
    }

    @GetMapping("/v1/batches/{batchId}")
    BatchStatistics batch(@AuthenticationPrincipal Caller caller, @PathVariable String batchId) {
        // Another tenant's batch is as unknown as a batch that does not exist: a 403 would say it does.
        return queries.find(batchId, caller.tenantScope(null)).orElseThrow(() -> NotFound.of("batch", "batchId", batchId));
    }

    /** The batch as a server-sent event stream of {@code progress} events, ending with {@code complete}. */
    @GetMapping(value = "/v1/batches/{batchId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@AuthenticationPrincipal Caller caller, @PathVariable String batchId) {
        return streams.follow(batchId, caller.tenantScope(null));
    }
}
