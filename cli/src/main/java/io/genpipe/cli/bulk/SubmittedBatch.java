package io.genpipe.cli.bulk;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/** A batch the ingress accepted: its jobs' ids, and where the sink reports on it. */
record SubmittedBatch(String batchId, List<String> jobIds, URI statusUrl) {

    SubmittedBatch {
        jobIds = List.copyOf(jobIds);
    }

    /** The job's status at the same sink as the batch's ({@code /v1/jobs/{jobId}}). */
    URI jobUrl(String jobId) {
        try {
            return new URI(statusUrl.getScheme(), statusUrl.getRawAuthority(), "/v1/jobs/" + jobId, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("job id " + jobId + " makes no URL at " + statusUrl, e);
        }
    }
}
