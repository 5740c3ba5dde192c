package io.genpipe.simulator.replicate;

import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.account.RequestBucket;
import io.genpipe.simulator.profile.Chance;
import io.genpipe.simulator.replicate.ReplicateBodies.Failure;
import io.genpipe.simulator.replicate.ReplicateBodies.InvalidField;
import io.genpipe.simulator.replicate.ReplicateBodies.Problem;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Decides, at create, everything about a prediction: refused now (outage, credit, the account's limits, throttling,
 * bad input) or created with a latency and an outcome that later reads reveal.
 */
final class ReplicateCreate {

    /** Prompts carrying this marker make every image fail the simulated safety checker. */
    static final String UNSAFE_MARKER = "[unsafe]";
    /** The ratios flux-schnell takes (vendor-apis.md section 5); the simulator checks them for every model. */
    static final Set<String> ASPECT_RATIOS = Set.of("1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "3:4", "4:3",
            "9:16", "9:21");
    private static final Set<String> OUTPUT_FORMATS = Set.of("webp", "jpg", "png");

    private static final Failure OUTAGE = new Failure(new Problem("Service unavailable",
            "Replicate is not able to take predictions right now.", 503));
    private static final Failure NO_CREDIT = new Failure(new Problem("Insufficient credit",
            "This account has no credit left to run models. Add credit on the billing page and try again.", 402));
    private static final List<String> MODEL_ERRORS = List.of(
            "The model's worker stopped before the prediction finished; run it again.",
            "CUDA error: the GPU ran out of memory while running the model.");

    private final Chance chance;
    private final RequestBucket requestsPerMinute = new RequestBucket();

    ReplicateCreate(Chance chance) {
        this.chance = chance;
    }

    sealed interface Decision {
        record Created(Prediction prediction) implements Decision {
        }

        /** A training accepted; see {@link ReplicateTrainings}. */
        record Started(TrainingRun training) implements Decision {
        }

        record Refused(Failure failure) implements Decision {
        }

        /** Refused because the account's own limit was reached, as a client's limiter should have prevented. */
        record OverLimit(Failure failure) implements Decision {
        }
    }

    /**
     * @param unfinished predictions of the account not yet ended, for the profile's concurrency limit. Replicate
     *                   documents no such limit [?]; the simulator refuses over it as it throttles, with a 429
     */
    Decision decide(VendorProfile profile, String model, String version, Optional<JsonNode> body, Instant now,
                    int unfinished) {
        Optional<Decision> refused = admit(profile, now, unfinished);
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<Problem> invalid = validate(body.orElse(null));
        if (invalid.isPresent()) {
            return new Decision.Refused(new Failure(invalid.get()));
        }
        JsonNode input = body.get().get("input");
        Duration latency = chance.latency(profile.latency());
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 26);
        return new Decision.Created(Prediction.created(id, model, version, input, now, latency, outcome(profile, input)));
    }

    /**
     * The account's checks every create goes through, predictions and trainings alike, in this order: outage, credit,
     * requests per minute, concurrency, throttling. Empty when the create may go on to its input.
     */
    Optional<Decision> admit(VendorProfile profile, Instant now, int unfinished) {
        if (profile.outage()) {
            return Optional.of(new Decision.Refused(OUTAGE));
        }
        if (profile.creditExhausted()) {
            return Optional.of(new Decision.Refused(NO_CREDIT));
        }
        if (!requestsPerMinute.tryTake(profile.requestsPerMinute(), now)) {
            return Optional.of(new Decision.OverLimit(throttled(profile)));
        }
        if (profile.concurrency() != null && unfinished >= profile.concurrency()) {
            return Optional.of(new Decision.OverLimit(throttled(profile)));
        }
        if (chance.happens(profile.rateLimitRate())) {
            return Optional.of(new Decision.Refused(throttled(profile)));
        }
        return Optional.empty();
    }

    /** An outage answer, for the calls that are not creates (file uploads). */
    static Failure outage() {
        return OUTAGE;
    }

    /**
     * Replicate's 429 states the wait only in its text (vendor-apis.md section 5): the profile's wait, rounded up to
     * whole seconds, or no wait at all when the profile states none.
     */
    static Failure throttled(VendorProfile profile) {
        String detail = profile.retryAfter() == null ? "Request was throttled."
                : "Request was throttled. Your rate limit resets in ~" + (profile.retryAfter().toMillis() + 999) / 1000
                + "s.";
        return new Failure(new Problem("Request was throttled", detail, 429), Map.of());
    }

    private ReplicateOutcome outcome(VendorProfile profile, JsonNode input) {
        String prompt = input.path("prompt").asString("");
        if (prompt.toLowerCase(Locale.ROOT).contains(UNSAFE_MARKER)) {
            return new ReplicateOutcome.Failed(ReplicateServer.NSFW_ERROR);
        }
        if (chance.happens(profile.errorRate())) {
            return new ReplicateOutcome.Failed(MODEL_ERRORS.get(chance.pick(MODEL_ERRORS.size())));
        }
        if (chance.happens(profile.malformedRate())) {
            return new ReplicateOutcome.Malformed();
        }
        int count = input.path("num_outputs").asInt(1);
        int[] size = size(input);
        return new ReplicateOutcome.Generated(prompt, count, size[0], size[1]);
    }

    /** width/height when given; else about one megapixel (or a quarter) at the asked aspect ratio. */
    static int[] size(JsonNode input) {
        if (input.path("width").isInt() && input.path("height").isInt()) {
            return new int[] {input.get("width").intValue(), input.get("height").intValue()};
        }
        String[] ratio = input.path("aspect_ratio").asString("1:1").split(":");
        double w = Double.parseDouble(ratio[0]);
        double h = Double.parseDouble(ratio[1]);
        double pixels = "0.25".equals(input.path("megapixels").asString("1")) ? 512 * 512 : 1024 * 1024;
        double height = Math.sqrt(pixels * h / w);
        return new int[] {roundTo16(height * w / h), roundTo16(height)};
    }

    private static int roundTo16(double side) {
        return (int) Math.max(16, Math.round(side / 16) * 16);
    }

    private static Optional<Problem> validate(JsonNode body) {
        if (body == null || !body.isObject()) {
            return Optional.of(new Problem("Invalid request", "The request body must be a JSON object.", 400));
        }
        JsonNode input = body.get("input");
        if (input == null || !input.isObject()) {
            return invalid("input", "required", "input is required and must be an object");
        }
        if (!input.path("prompt").isString() || input.path("prompt").stringValue().isBlank()) {
            return invalid("input.prompt", "required", "prompt is required");
        }
        JsonNode ratio = input.get("aspect_ratio");
        if (ratio != null && !(ratio.isString() && ASPECT_RATIOS.contains(ratio.stringValue()))) {
            return invalid("input.aspect_ratio", "enum", "aspect_ratio must be one of " + ASPECT_RATIOS);
        }
        JsonNode outputs = input.get("num_outputs");
        if (outputs != null && !(outputs.isInt() && outputs.intValue() >= 1 && outputs.intValue() <= 4)) {
            return invalid("input.num_outputs", "range", "num_outputs must be an integer from 1 to 4");
        }
        JsonNode format = input.get("output_format");
        if (format != null && !(format.isString() && OUTPUT_FORMATS.contains(format.stringValue()))) {
            return invalid("input.output_format", "enum", "output_format must be one of " + OUTPUT_FORMATS);
        }
        for (String side : new String[] {"width", "height"}) {
            JsonNode value = input.get(side);
            if (value != null && !(value.isInt() && value.intValue() >= 64 && value.intValue() <= 2048)) {
                return invalid("input." + side, "range", side + " must be an integer from 64 to 2048");
            }
        }
        return Optional.empty();
    }

    static Optional<Problem> invalid(String field, String type, String description) {
        return Optional.of(new Problem("Input validation failed", "- " + field + ": " + description, 422,
                List.of(new InvalidField(type, field, description))));
    }
}
