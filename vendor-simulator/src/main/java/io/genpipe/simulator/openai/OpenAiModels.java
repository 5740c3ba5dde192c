package io.genpipe.simulator.openai;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The image models the simulated OpenAI knows, as vendor-apis.md section 3 describes them (checked 2026-12-01):
 * the gpt-image-2 family is current; the older models are listed with their shutdown dates and refused from then
 * on, as OpenAI refuses them. Publication dates are approximate [?]: OpenAI lists them but the doc does not.
 */
final class OpenAiModels {

    /** The model of a request that names none. OpenAI's spec says dall-e-2, which is shut down [?]. */
    static final String DEFAULT_MODEL = "gpt-image-2";

    private static final LocalDate DALL_E_SHUTDOWN = LocalDate.parse("2026-05-12");
    private static final LocalDate GPT_IMAGE_1_SHUTDOWN = LocalDate.parse("2026-10-23");
    private static final LocalDate GPT_IMAGE_1_5_SHUTDOWN = LocalDate.parse("2026-12-01");

    static final List<OpenAiModel> ALL = List.of(
            current("gpt-image-2", "2026-04-21", false),
            current("gpt-image-2-2026-04-21", "2026-04-21", false),
            current("gpt-image-2.5-flare", "2026-09-08", true),
            current("gpt-image-2.5-sunburst", "2026-09-08", true),
            current("gpt-image-2.6-flare", "2026-11-04", true),
            current("gpt-image-2.6-sunburst", "2026-11-04", true),
            retired("gpt-image-1", "2025-04-23", GPT_IMAGE_1_SHUTDOWN),
            retired("gpt-image-1-mini", "2025-10-06", GPT_IMAGE_1_5_SHUTDOWN),
            retired("gpt-image-1.5", "2025-12-16", GPT_IMAGE_1_5_SHUTDOWN),
            retired("gpt-image-1.5-2025-12-16", "2025-12-16", GPT_IMAGE_1_5_SHUTDOWN),
            retired("chatgpt-image-latest", "2025-12-16", GPT_IMAGE_1_5_SHUTDOWN),
            retired("dall-e-2", "2022-11-03", DALL_E_SHUTDOWN),
            retired("dall-e-3", "2023-10-31", DALL_E_SHUTDOWN));

    private OpenAiModels() {
    }

    static Optional<OpenAiModel> byId(String id) {
        return ALL.stream().filter(model -> model.id().equals(id)).findFirst();
    }

    private static OpenAiModel current(String id, String created, boolean extendedQualities) {
        return new OpenAiModel(id, LocalDate.parse(created), null, true, extendedQualities);
    }

    private static OpenAiModel retired(String id, String created, LocalDate shutdown) {
        return new OpenAiModel(id, LocalDate.parse(created), shutdown, false, false);
    }
}
