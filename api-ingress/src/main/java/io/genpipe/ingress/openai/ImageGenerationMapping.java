package io.genpipe.ingress.openai;

import io.genpipe.contracts.event.GenpipeEvent;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.JobInputs;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.RoutingRequest;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.json.MessageFormatException;
import io.genpipe.ingress.openai.InvalidImageRequest.Code;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenAI's image request as a genpipe job. Each documented member is mapped, ignored or refused, by one rule: a
 * value is accepted only when genpipe does what it asks (or it asks nothing of the image: {@code user}); one
 * genpipe would quietly not do is refused with 400 naming it, as the rest of the API never silently downgrades.
 * What any model can do (size, count, prompt length, the model itself) is the catalog's to say, afterwards, exactly
 * as for {@code POST /v1/jobs}; {@link #paramOf} names its refusals in OpenAI's terms.
 *
 * <table>
 * <tr><th>member</th><th>genpipe</th></tr>
 * <tr><td>prompt</td><td>{@code prompt}</td></tr>
 * <tr><td>model</td><td>{@code model}, any catalog model id; absent: the route chooses</td></tr>
 * <tr><td>n</td><td>{@code params.count}, 1 to 10</td></tr>
 * <tr><td>size</td><td>{@code WxH}: {@code params.width/height}; {@code auto}: the contract's 1024x1024</td></tr>
 * <tr><td>quality</td><td>{@code low/medium/high}: {@code routing.preset} fast/standard/high; {@code auto}: none</td></tr>
 * <tr><td>response_format</td><td>how the answer carries the images; default {@code b64_json}</td></tr>
 * <tr><td>user</td><td>accepted and dropped: no vendor is told, nothing stores it</td></tr>
 * <tr><td>the rest</td><td>only their defaults (none, {@code auto}, {@code false}, 0, 100) are accepted</td></tr>
 * </table>
 */
final class ImageGenerationMapping {

    /** OpenAI's own bound on {@code n}; the catalog may allow fewer per model. */
    static final int MAX_IMAGES = 10;

    /** Only to list a body's member names; values are read with the contract's serde. */
    private static final JsonMapper MEMBER_NAMES = JsonMapper.builder().build();
    private static final Pattern SIZE = Pattern.compile("([1-9][0-9]{0,4})x([1-9][0-9]{0,4})");

    /** The job to publish, and how its images are to be answered. */
    record MappedGeneration(JobRequested job, ResponseFormat format) {
    }

    private ImageGenerationMapping() {
    }

    /**
     * The body, read with the contract's serde, so a mistake is named as on the topics ({@code n} must be an
     * integer); then every member must be one OpenAI documents.
     *
     * @throws io.genpipe.contracts.json.MessageFormatException when it is not a JSON object of the right types
     * @throws InvalidImageRequest                              for a member OpenAI does not document
     */
    static ImageGenerationRequest read(byte[] body) {
        ImageGenerationRequest request = JsonSerde.instance().read(body, ImageGenerationRequest.class);
        if (request == null) {
            throw new MessageFormatException(MessageFormatException.Problem.NOT_JSON, null, "must be a JSON object");
        }
        requireKnownMembers(MEMBER_NAMES.readTree(body).propertyNames());
        return request;
    }

    /** @throws InvalidImageRequest for the first member OpenAI does not document */
    static void requireKnownMembers(Collection<String> members) {
        for (String member : members) {
            if (!ImageGenerationRequest.MEMBERS.contains(member)) {
                throw new InvalidImageRequest(member, Code.UNKNOWN_PARAMETER,
                        "Unrecognized request argument supplied: " + member);
            }
        }
    }

    /**
     * @throws InvalidImageRequest when a member's value is outside OpenAI's set or one genpipe does not do
     * @throws MessageFormatException when the job breaks the contract (no prompt)
     */
    static MappedGeneration toJob(ImageGenerationRequest request, String jobId, String tenantId, Instant now) {
        return toJob(request, Operation.TEXT_TO_IMAGE, JobInputs.NONE, jobId, tenantId, now);
    }

    /**
     * The same for an edit ({@link ImageEditMapping}): its members shared with a generation mean the same.
     *
     * @param inputs the request's images and mask, already as references
     */
    static MappedGeneration toJob(ImageGenerationRequest request, Operation operation, JobInputs inputs, String jobId,
                                  String tenantId, Instant now) {
        int[] size = size(request.size());
        ImageParams params = new ImageParams(size == null ? null : size[0], size == null ? null : size[1],
                count(request.n()), null, null);
        RoutingRequest.Preset preset = preset(request.quality());
        ResponseFormat format = responseFormat(request.responseFormat());
        refuseUnlessDefault(request);
        RoutingRequest routing = preset == null ? null
                : new RoutingRequest(null, null, null, null, null, preset, null, null);
        JobRequested job = new JobRequested(GenpipeEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), jobId, now,
                tenantId, null, operation, request.prompt(), params, null, null, request.model(), routing, null,
                inputs);
        return new MappedGeneration(job, format);
    }

    /**
     * A field of the job, as the catalog names it in a refusal, as the member of the OpenAI request that set it:
     * {@code params.count} is {@code n}, a size is {@code size}, a preset is {@code quality}.
     */
    static String paramOf(String jobField) {
        if (jobField == null) {
            return null;
        }
        if (jobField.equals("params.count")) {
            return "n";
        }
        if (jobField.startsWith("inputs.images")) {
            return "image";
        }
        if (jobField.startsWith("inputs.mask")) {
            return "mask";
        }
        if (jobField.equals("routing.preset") || jobField.equals("params.steps")) {
            return "quality";
        }
        if (jobField.equals("params") || jobField.startsWith("params.")) {
            return "size";
        }
        return jobField.equals("operation") ? null : jobField;
    }

    private static int count(Integer n) {
        if (n == null) {
            return 1;
        }
        if (n < 1 || n > MAX_IMAGES) {
            throw new InvalidImageRequest("n", Code.INVALID_VALUE,
                    "n must be between 1 and " + MAX_IMAGES + ", was " + n);
        }
        return n;
    }

    /** Width and height; {@code null} for {@code auto}: the contract's default, 1024x1024, which every routed model takes. */
    private static int[] size(String size) {
        if (size == null || size.equals("auto")) {
            return null;
        }
        Matcher matcher = SIZE.matcher(size);
        if (!matcher.matches()) {
            throw new InvalidImageRequest("size", Code.INVALID_VALUE,
                    "size must be 'auto' or WIDTHxHEIGHT (1024x1536), was '" + size + "'");
        }
        return new int[] {Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2))};
    }

    /**
     * genpipe's quality presets, not the vendor's render quality: each preset is the catalog's list of models (and
     * steps) for that level, so {@code high} may be another model than {@code low}. A named model must be in the
     * preset, or the catalog refuses the job naming {@code model}.
     */
    private static RoutingRequest.Preset preset(String quality) {
        if (quality == null || quality.equals("auto")) {
            return null;
        }
        return switch (quality) {
            case "low" -> RoutingRequest.Preset.FAST;
            case "medium" -> RoutingRequest.Preset.STANDARD;
            case "high" -> RoutingRequest.Preset.HIGH;
            case "standard", "hd" -> throw new InvalidImageRequest("quality", Code.UNSUPPORTED_VALUE,
                    "quality '" + quality + "' is DALL·E's; genpipe takes low, medium, high or auto");
            default -> throw new InvalidImageRequest("quality", Code.INVALID_VALUE,
                    "quality must be one of low, medium, high, auto, was '" + quality + "'");
        };
    }

    /**
     * {@code b64_json} by default, as OpenAI's GPT image models always answer: {@code url}, OpenAI's default for the
     * shut-down DALL·E models, would hand a remote caller the local image store's {@code file:} references.
     */
    private static ResponseFormat responseFormat(String responseFormat) {
        if (responseFormat == null) {
            return ResponseFormat.B64_JSON;
        }
        for (ResponseFormat format : ResponseFormat.values()) {
            if (format.wireName().equals(responseFormat)) {
                return format;
            }
        }
        throw new InvalidImageRequest("response_format", Code.INVALID_VALUE,
                "response_format must be b64_json or url, was '" + responseFormat + "'");
    }

    /** The members genpipe has no meaning for: their defaults are what genpipe does anyway; anything else is not. */
    private static void refuseUnlessDefault(ImageGenerationRequest request) {
        unlessDefault("output_format", request.outputFormat(), List.of(), List.of("png", "jpeg", "webp"),
                "genpipe answers each image in the format its vendor made (the answer's output_format says which) "
                        + "and does not convert");
        unlessDefault("output_compression", request.outputCompression(), List.of(100), null,
                "genpipe does not re-encode images");
        unlessDefault("stream", request.stream(), List.of(false), null,
                "genpipe answers once the job is done; it does not stream partial images");
        unlessDefault("partial_images", request.partialImages(), List.of(0), null,
                "genpipe does not stream partial images");
        unlessDefault("moderation", request.moderation(), List.of("auto"), List.of("low"),
                "genpipe leaves moderation to each vendor's default");
        unlessDefault("background", request.background(), List.of("auto"), List.of("transparent", "opaque"),
                "the job contract has no background; the vendor decides");
        unlessDefault("style", request.style(), List.of(), List.of("vivid", "natural"),
                "style is DALL·E 3's, which is shut down; no genpipe model takes a style");
    }

    /**
     * @param accepted   values genpipe does anyway (besides absent)
     * @param documented OpenAI's other values, refused as unsupported; {@code null} when the member is not an enum
     */
    private static void unlessDefault(String param, Object value, List<?> accepted, List<String> documented,
                                      String why) {
        if (value == null || accepted.contains(value)) {
            return;
        }
        if (documented != null && !documented.contains(value)) {
            throw new InvalidImageRequest(param, Code.INVALID_VALUE, param + " must be one of "
                    + String.join(", ", documented) + ", was '" + value + "'");
        }
        throw new InvalidImageRequest(param, Code.UNSUPPORTED_VALUE,
                param + " " + Objects.toString(value) + " is not supported: " + why);
    }
}
