package io.genpipe.simulator;

/** The vendors the simulator speaks for. Each one gets its own HTTP server and its own profile. */
public enum Vendor {
    /** fal.ai queue API: submit, poll status, fetch result (vendor-apis.md section 1). */
    FAL,
    /** OpenAI images API: synchronous {@code POST /v1/images/generations} (vendor-apis.md section 3). */
    OPENAI
}
