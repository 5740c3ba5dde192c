package io.genpipe.ingress.openai;

import io.genpipe.contracts.event.InputImages;
import io.genpipe.contracts.event.JobInputs;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.json.MessageFormatException;
import io.genpipe.ingress.openai.ImageGenerationMapping.MappedGeneration;
import io.genpipe.ingress.openai.InvalidImageRequest.Code;
import org.springframework.util.MultiValueMap;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenAI's image edit request, multipart ({@code CreateImageEditRequest}) or JSON ({@code EditImageBodyJsonParam}), as
 * a genpipe {@code image-edit} job. The members it shares with a generation are mapped by the same rules
 * ({@link ImageGenerationMapping}); the images are what is new. A file (multipart) or a {@code data:} URL (JSON) is
 * bytes, which become an upload before the job names it: image bytes never travel in a job. An {@code image_url}
 * that is an https URL, or a {@code file:} reference of the caller's upload, is named as it is. {@code file_id} is
 * refused: genpipe has no Files API ({@code POST /v1/uploads} is its counterpart).
 */
final class ImageEditMapping {

    /** OpenAI's bound on input images, which is also the contract's. */
    static final int MAX_IMAGES = JobInputs.MAX_EDIT_IMAGES;

    private static final JsonMapper MEMBER_NAMES = JsonMapper.builder().build();
    private static final Pattern DATA_URL = Pattern.compile("data:([^;,]*)((?:;[^;,]*)*),(.*)", Pattern.DOTALL);

    private ImageEditMapping() {
    }

    /** One input image as the request gives it, with the request member that gave it ({@code image[1]}). */
    sealed interface EditImage permits Bytes, Reference {
        String param();
    }

    /** A file, or a {@code data:} URL's bytes: to be stored as an upload. */
    record Bytes(byte[] bytes, String param) implements EditImage {
    }

    /** An https URL or a {@code file:} reference, named by the job as it is. */
    record Reference(String url, String param) implements EditImage {
    }

    /**
     * @param members     the members a generation also has
     * @param images      in order; the mask applies to the first
     * @param mask        {@code null} when none
     * @param json        whether it came as JSON: its refusals name {@code images}, a form's {@code image}
     */
    record EditRequest(ImageGenerationRequest members, String inputFidelity, List<EditImage> images, EditImage mask,
                       boolean json) {
    }

    /**
     * @throws MessageFormatException when the body is not a JSON object of the right types
     * @throws InvalidImageRequest    for a member OpenAI does not document, or an image given neither way
     */
    static EditRequest readJson(byte[] body) {
        ImageEditRequest request = JsonSerde.instance().read(body, ImageEditRequest.class);
        if (request == null) {
            throw new MessageFormatException(MessageFormatException.Problem.NOT_JSON, null, "must be a JSON object");
        }
        JsonNode tree = MEMBER_NAMES.readTree(body);
        requireKnown(tree.propertyNames(), ImageEditRequest.MEMBERS, "");
        if (request.images() == null || request.images().isEmpty()) {
            throw MessageFormatException.missing("images");
        }
        requireAtMost(request.images().size(), "images");
        List<EditImage> images = new ArrayList<>();
        for (int i = 0; i < request.images().size(); i++) {
            String param = "images[" + i + "]";
            if (request.images().get(i) == null) {
                throw new InvalidImageRequest(param, Code.INVALID_VALUE, param + " must be an object with image_url");
            }
            requireKnown(tree.get("images").get(i).propertyNames(), ImageEditRequest.ImageRef.MEMBERS, param + ".");
            images.add(image(request.images().get(i), param));
        }
        if (request.mask() != null) {
            requireKnown(tree.get("mask").propertyNames(), ImageEditRequest.ImageRef.MEMBERS, "mask.");
        }
        EditImage mask = request.mask() == null ? null : image(request.mask(), "mask");
        return new EditRequest(request.asGeneration(), request.inputFidelity(), images, mask, true);
    }

    /**
     * @param form  the form's text members, as the servlet parsed them
     * @param files its files: {@code image} or {@code image[]} (one or more), and {@code mask}
     */
    static EditRequest readForm(Map<String, String[]> form, MultiValueMap<String, MultipartFile> files) {
        requireKnown(form.keySet(), ImageEditRequest.FORM_MEMBERS, "");
        for (String name : files.keySet()) {
            if (!name.equals("image") && !name.equals("image[]") && !name.equals("mask")) {
                throw new InvalidImageRequest(name, Code.UNKNOWN_PARAMETER,
                        "Unrecognized request argument supplied: " + name);
            }
        }
        List<MultipartFile> parts = new ArrayList<>();
        parts.addAll(files.getOrDefault("image", List.of()));
        parts.addAll(files.getOrDefault("image[]", List.of()));
        if (parts.isEmpty()) {
            throw MessageFormatException.missing("image");
        }
        requireAtMost(parts.size(), "image");
        List<EditImage> images = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            images.add(new Bytes(bytes(parts.get(i)), parts.size() == 1 ? "image" : "image[" + i + "]"));
        }
        List<MultipartFile> masks = files.getOrDefault("mask", List.of());
        if (masks.size() > 1) {
            throw new InvalidImageRequest("mask", Code.INVALID_VALUE, "mask takes one file, was " + masks.size());
        }
        EditImage mask = masks.isEmpty() ? null : new Bytes(bytes(masks.get(0)), "mask");
        ImageGenerationRequest members = new ImageGenerationRequest(text(form, "prompt"), text(form, "model"),
                integer(form, "n"), text(form, "quality"), text(form, "response_format"), text(form, "output_format"),
                integer(form, "output_compression"), bool(form, "stream"), integer(form, "partial_images"),
                text(form, "size"), null, text(form, "background"), null, text(form, "user"));
        return new EditRequest(members, text(form, "input_fidelity"), images, mask, false);
    }

    /**
     * Checks every member but the images, before any image is stored: a request refused for its {@code n} leaves
     * no upload behind.
     */
    static void check(EditRequest request) {
        toJob(request, List.of(), null, "edit-check", "edit-check", Instant.EPOCH, Operation.TEXT_TO_IMAGE);
    }

    /**
     * @param images the request's images as references, in order (an upload's {@code file:} for bytes)
     * @param mask   the mask's reference, or {@code null}
     */
    static MappedGeneration toJob(EditRequest request, List<String> images, String mask, String jobId,
                                  String tenantId, Instant now) {
        return toJob(request, images, mask, jobId, tenantId, now, Operation.IMAGE_EDIT);
    }

    private static MappedGeneration toJob(EditRequest request, List<String> images, String mask, String jobId,
                                          String tenantId, Instant now, Operation operation) {
        if (request.inputFidelity() != null) {
            if (!request.inputFidelity().equals("high") && !request.inputFidelity().equals("low")) {
                throw new InvalidImageRequest("input_fidelity", Code.INVALID_VALUE,
                        "input_fidelity must be one of high, low, was '" + request.inputFidelity() + "'");
            }
            throw new InvalidImageRequest("input_fidelity", Code.UNSUPPORTED_VALUE, "input_fidelity "
                    + request.inputFidelity() + " is not supported: the job contract has no input fidelity; the"
                    + " vendor decides");
        }
        JobInputs inputs = operation == Operation.IMAGE_EDIT ? JobInputs.edit(images, mask) : JobInputs.NONE;
        return ImageGenerationMapping.toJob(request.members(), operation, inputs, jobId, tenantId, now);
    }

    private static EditImage image(ImageEditRequest.ImageRef ref, String param) {
        if (ref.fileId() != null && ref.imageUrl() == null) {
            throw new InvalidImageRequest(param + ".file_id", Code.UNSUPPORTED_VALUE, param + ".file_id is not supported:"
                    + " genpipe has no Files API; give image_url (an https URL, a data URL, or the file: reference"
                    + " POST /v1/uploads answered)");
        }
        if ((ref.fileId() == null) == (ref.imageUrl() == null)) {
            throw new InvalidImageRequest(param, Code.INVALID_VALUE,
                    param + " must have exactly one of image_url and file_id");
        }
        String urlParam = param + ".image_url";
        Matcher data = DATA_URL.matcher(ref.imageUrl());
        if (ref.imageUrl().regionMatches(true, 0, "data:", 0, 5)) {
            if (!data.matches() || !data.group(2).toLowerCase(java.util.Locale.ROOT).contains(";base64")) {
                throw new InvalidImageRequest(urlParam, Code.INVALID_VALUE,
                        urlParam + " must be a base64 data URL (data:image/png;base64,...)");
            }
            try {
                return new Bytes(Base64.getMimeDecoder().decode(data.group(3)), urlParam);
            } catch (IllegalArgumentException e) {
                throw new InvalidImageRequest(urlParam, Code.INVALID_VALUE, urlParam + " is not valid base64");
            }
        }
        return new Reference(InputImages.require(ref.imageUrl(), urlParam), urlParam);
    }

    private static void requireAtMost(int images, String param) {
        if (images > MAX_IMAGES) {
            throw new InvalidImageRequest(param, Code.INVALID_VALUE,
                    param + " takes at most " + MAX_IMAGES + " images, was " + images);
        }
    }

    private static void requireKnown(Iterable<String> members, List<String> known, String prefix) {
        for (String member : members) {
            if (!known.contains(member)) {
                throw new InvalidImageRequest(prefix + member, Code.UNKNOWN_PARAMETER,
                        "Unrecognized request argument supplied: " + prefix + member);
            }
        }
    }

    private static String text(Map<String, String[]> form, String member) {
        String[] values = form.get(member);
        if (values == null || values.length == 0) {
            return null;
        }
        if (values.length > 1) {
            throw new InvalidImageRequest(member, Code.INVALID_VALUE, member + " is given " + values.length
                    + " times");
        }
        return values[0];
    }

    private static Integer integer(Map<String, String[]> form, String member) {
        String value = text(form, member);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidImageRequest(member, Code.INVALID_VALUE, member + " must be an integer, was '"
                    + value + "'");
        }
    }

    private static Boolean bool(Map<String, String[]> form, String member) {
        String value = text(form, member);
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidImageRequest(member, Code.INVALID_VALUE, member + " must be true or false,"
                    + " was '" + value + "'");
        };
    }

    private static byte[] bytes(MultipartFile file) {
        try {
            return file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
