package io.genpipe.sink.batches;

import io.genpipe.access.Caller;
import io.genpipe.sink.BadQuery;
import io.genpipe.sink.Csv;
import io.genpipe.sink.JobStatus;
import io.genpipe.sink.NotFound;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** {@code GET /v1/batches/{batchId}}: how far a batch is, what it cost, and how each provider did. */
@RestController
class BatchController {

    /** The most jobs one page lists: the ingress's largest batch. */
    static final int MAX_PAGE = 1000;

    private final BatchQueries queries;
    private final BatchJobQueries jobs;
    private final BatchStreams streams;

    BatchController(BatchQueries queries, BatchJobQueries jobs, BatchStreams streams) {
        this.queries = queries;
        this.jobs = jobs;
        this.streams = streams;
    }

    @GetMapping("/v1/batches/{batchId}")
    BatchStatistics batch(@AuthenticationPrincipal Caller caller, @PathVariable String batchId) {
        // Another tenant's batch is as unknown as a batch that does not exist: a 403 would say it does.
        return queries.find(batchId, caller.tenantScope(null)).orElseThrow(() -> NotFound.of("batch", "batchId", batchId));
    }

    /**
     * {@code GET /v1/batches/{batchId}/jobs[?status=FAILED][&limit=100][&offset=0]}: the batch's jobs in job id order,
     * each with its status, provider, cost and failure, a page at a time; JSON, or CSV ({@code Accept: text/csv} or
     * {@code format=csv}). A batch this caller sees no job of is a 404, as for the batch itself.
     */
    @GetMapping(path = "/v1/batches/{batchId}/jobs", produces = MediaType.APPLICATION_JSON_VALUE)
    BatchJobs jobs(@AuthenticationPrincipal Caller caller, @PathVariable String batchId,
                   @RequestParam(required = false) String status, @RequestParam(required = false) String limit,
                   @RequestParam(required = false) String offset) {
        String tenant = caller.tenantScope(null);
        BatchJobs page = jobs.page(batchId, tenant, status(status), number("offset", offset, 0, 0, Integer.MAX_VALUE),
                number("limit", limit, 100, 1, MAX_PAGE));
        if (page.total() == 0 && queries.find(batchId, tenant).isEmpty()) {
            throw NotFound.of("batch", "batchId", batchId);
        }
        return page;
    }

    @GetMapping(path = "/v1/batches/{batchId}/jobs", produces = Csv.MEDIA_TYPE)
    ResponseEntity<String> jobsCsv(@AuthenticationPrincipal Caller caller, @PathVariable String batchId,
                                   @RequestParam(required = false) String status,
                                   @RequestParam(required = false) String limit,
                                   @RequestParam(required = false) String offset) {
        return Csv.response(jobs(caller, batchId, status, limit, offset).csv());
    }

    private static JobStatus status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return JobStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw BadQuery.of("status", status, "one of QUEUED, RUNNING, SUCCEEDED, FAILED");
        }
    }

    private static int number(String field, String text, int absent, int least, int most) {
        if (text == null || text.isBlank()) {
            return absent;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= least && value <= most) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw BadQuery.of(field, text, "a whole number from " + least + " to " + most);
    }

    /** The batch as a server-sent event stream of {@code progress} events, ending with {@code complete}. */
    @GetMapping(value = "/v1/batches/{batchId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@AuthenticationPrincipal Caller caller, @PathVariable String batchId) {
        return streams.follow(batchId, caller.tenantScope(null));
    }
}
