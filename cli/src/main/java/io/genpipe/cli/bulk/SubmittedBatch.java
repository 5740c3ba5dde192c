package io.genpipe.cli.bulk;

import java.net.URI;
import java.util.List;

/** A batch the ingress accepted: its jobs' ids, and where the sink reports on it. */
record SubmittedBatch(String batchId, List<String> jobIds, URI statusUrl) {

    SubmittedBatch {
        jobIds = List.copyOf(jobIds);
    }
}
