package io.genpipe.ingress.openai;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.net.URI;
import java.util.List;

/**
 * The 202 answer when the wait ends before the job does: the job is on the broker and goes on, and
 * {@code status_url} (the results-sink) will have its images. {@code created} and an empty {@code data} keep the
 * body an {@code ImagesResponse} an OpenAI SDK parses; the rest is genpipe's, reachable there as extra members.
 *
 * @param status always {@code PENDING}: not finished when the wait ended (QUEUED or RUNNING at the status URL)
 */
record StillRunning(long created, List<ImagesResponse.Image> data, @JsonProperty("job_id") String jobId,
                    String status, @JsonProperty("status_url") URI statusUrl) {

    static StillRunning of(long created, String jobId, URI statusUrl) {
        return new StillRunning(created, List.of(), jobId, "PENDING", statusUrl);
    }
}
