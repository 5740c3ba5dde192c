package io.genpipe.worker.adapter.openai;

/**
 * OpenAI's options for one provider, bound from {@code genpipe.workers.providers.<name>.options}. Both are optional
 * and not secrets: they pick which organization and project a key with several is billed to.
 *
 * @param organization sent as {@code OpenAI-Organization}, e.g. {@code org-...}
 * @param project      sent as {@code OpenAI-Project}, e.g. {@code proj_...}
 */
public record OpenAiOptions(String organization, String project) {

    public static final OpenAiOptions DEFAULTS = new OpenAiOptions(null, null);

    public OpenAiOptions {
        organization = blankToNull(organization);
        project = blankToNull(project);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
