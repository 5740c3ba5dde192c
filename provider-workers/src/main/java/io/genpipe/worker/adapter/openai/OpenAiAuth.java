package io.genpipe.worker.adapter.openai;

import io.genpipe.worker.provider.ApiKey;

import java.net.http.HttpRequest;

/** The headers every OpenAI call carries: the key, and the organization and project it bills when set. */
final class OpenAiAuth {

    private OpenAiAuth() {
    }

    static HttpRequest.Builder apply(HttpRequest.Builder call, ApiKey apiKey, OpenAiOptions options) {
        call.header("Authorization", "Bearer " + apiKey.value());
        if (options.organization() != null) {
            call.header("OpenAI-Organization", options.organization());
        }
        if (options.project() != null) {
            call.header("OpenAI-Project", options.project());
        }
        return call;
    }
}
