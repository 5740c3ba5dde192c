package io.genpipe.sink.batches;

import io.genpipe.sink.NotFound;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/batches/{batchId}}: how far a batch is, what it cost, and how each provider did. */
@RestController
class BatchController {

    private final BatchQueries queries;

    BatchController(BatchQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/v1/batches/{batchId}")
    BatchStatistics batch(@PathVariable String batchId) {
        return queries.find(batchId).orElseThrow(() -> NotFound.of("batch", "batchId", batchId));
    }
}
