package io.genpipe.ingress.submission;

import java.net.URI;
import java.util.List;

/** The 202 answer for a batch: every job is on the broker. */
public record BatchAccepted(String batchId, int jobs, List<String> jobIds, URI statusUrl) {
}
