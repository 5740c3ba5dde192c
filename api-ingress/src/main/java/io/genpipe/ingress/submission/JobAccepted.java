package io.genpipe.ingress.submission;

import java.net.URI;

/** The 202 answer: the job is on the broker, and this is where to follow it. */
public record JobAccepted(String jobId, String status, URI statusUrl) {
}
