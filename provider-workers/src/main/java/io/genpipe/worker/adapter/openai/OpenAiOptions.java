package io.genpipe.worker.adapter.openai;

import java.time.Duration;

/**
 * OpenAI's options for one provider, bound from {@code genpipe.workers.providers.<name>.options}. All are optional;
 * none is a secret. The organization and project pick which a key with several is billed to.
 *
 * @param organization  sent as {@code OpenAI-Organization}, e.g. {@code org-...}
 * @param project       sent as {@code OpenAI-Project}, e.g. {@code proj_...}
 * @param lifecyclePoll how often {@code GET /v1/models} is read for shutdown dates (default 6h)
 */
public record OpenAiOptions(String organization, String project, Duration lifecyclePoll) {

    public static final Duration DEFAULT_LIFECYCLE_POLL = Duration.ofHours(6);
    public static final OpenAiOptions DEFAULTS = new OpenAiOptions(null, null, null);

    public OpenAiOptions {
        organization = blankToNull(organization);
        project = blankToNull(project);
        lifecyclePoll = lifecyclePoll == null ? DEFAULT_LIFECYCLE_POLL : lifecyclePoll;
        if (lifecyclePoll.isNegative() || lifecyclePoll.isZero()) {
            throw new IllegalArgumentException("options.lifecycle-poll must be positive, was " + lifecyclePoll);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
