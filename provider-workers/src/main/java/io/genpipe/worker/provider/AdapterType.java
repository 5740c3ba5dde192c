package io.genpipe.worker.provider;

import java.net.URI;

/** The vendor APIs a provider can speak, each with the defaults a provider of that type starts from. */
public enum AdapterType {
    /** fal.ai's queue API (submit, poll, fetch the result); vendor-apis.md section 1. */
    FAL(URI.create("https://queue.fal.run"), "FAL_KEY"),
    /** OpenAI's synchronous images API; vendor-apis.md section 3. */
    OPENAI(URI.create("https://api.openai.com/v1"), "OPENAI_API_KEY");

    private final URI defaultBaseUrl;
    private final String defaultApiKeyEnv;

    AdapterType(URI defaultBaseUrl, String defaultApiKeyEnv) {
        this.defaultBaseUrl = defaultBaseUrl;
        this.defaultApiKeyEnv = defaultApiKeyEnv;
    }

    public URI defaultBaseUrl() {
        return defaultBaseUrl;
    }

    public String defaultApiKeyEnv() {
        return defaultApiKeyEnv;
    }
}
