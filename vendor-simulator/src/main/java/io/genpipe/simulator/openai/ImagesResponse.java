package io.genpipe.simulator.openai;

import java.util.List;

/** The 200 body of {@code POST /v1/images/generations}; fields go out in snake_case. */
record ImagesResponse(long created, List<ImageData> data, String background, String outputFormat, String size,
                      String quality, Usage usage) {

    /** GPT image models always answer base64, never a URL. */
    record ImageData(String b64Json) {
    }

    record Usage(int totalTokens, int inputTokens, int outputTokens, InputTokensDetails inputTokensDetails) {
    }

    record InputTokensDetails(int textTokens, int imageTokens) {
    }
}
