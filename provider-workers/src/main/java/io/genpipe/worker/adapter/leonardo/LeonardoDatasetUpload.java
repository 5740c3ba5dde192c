package io.genpipe.worker.adapter.leonardo;

import io.genpipe.contracts.event.FailureClass;
import io.genpipe.worker.adapter.GenerationResult.Failed;
import io.genpipe.worker.adapter.InputFiles;
import io.genpipe.worker.adapter.TransportFailures;
import io.genpipe.worker.adapter.VendorHttp;
import io.genpipe.worker.adapter.VendorJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Puts a training's input images into a Leonardo dataset, one after the other: each is read
 * ({@link InputFiles#bytes}), announced ({@code POST /datasets/{id}/upload} with its extension, which answers a
 * presigned S3 form) and sent to the storage as a multipart POST of the form's fields and the file. The storage
 * takes the form's signature instead of a key, so Leonardo's key never goes there. One at a time: a training set is
 * tens of images, and only one is held in memory.
 */
final class LeonardoDatasetUpload {

    /** Form field names as S3 has them ({@code key}, {@code X-Amz-Signature}, {@code Policy}...). */
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    private final String root;
    private final String authorization;
    private final VendorHttp http;
    private final InputFiles inputFiles;
    private final Supplier<Duration> remaining;

    LeonardoDatasetUpload(String root, String authorization, VendorHttp http, InputFiles inputFiles,
                          Supplier<Duration> remaining) {
        this.root = root;
        this.authorization = authorization;
        this.http = http;
        this.inputFiles = inputFiles;
        this.remaining = remaining;
    }

    /** Completes once every image is in the dataset; fails with a {@link Stop} naming what went wrong. */
    CompletableFuture<Void> all(String datasetId, List<String> images) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int i = 0; i < images.size(); i++) {
            int index = i;
            chain = chain.thenCompose(done -> one(datasetId, index, images.get(index)));
        }
        return chain;
    }

    private CompletableFuture<Void> one(String datasetId, int index, String reference) {
        String field = "inputs.images[" + index + "]";
        return inputFiles.bytes(reference)
                .handle((image, error) -> {
                    if (error != null) {
                        Throwable cause = TransportFailures.unwrap(error);
                        throw new Stop(cause instanceof InputFiles.InputFileException unreadable
                                ? Failed.of(FailureClass.INVALID_REQUEST, field + ": " + unreadable.getMessage())
                                : Failed.of(FailureClass.RETRYABLE, field + " could not be downloaded ("
                                + cause.getClass().getSimpleName() + ")"));
                    }
                    return image;
                })
                .thenCompose(image -> upload(datasetId, field, index, image));
    }

    private CompletableFuture<Void> upload(String datasetId, String field, int index, byte[] image) {
        String contentType = InputFiles.contentType(image);
        String extension = switch (contentType) {
            case "image/png" -> "png";
            case "image/jpeg" -> "jpg";
            case "image/webp" -> "webp";
            default -> throw new Stop(Failed.of(FailureClass.INVALID_REQUEST,
                    field + " is not a png, jpeg or webp image, which is what Leonardo trains on"));
        };
        ObjectNode body = VendorJson.object();
        body.put("extension", extension);
        HttpRequest presign = HttpRequest.newBuilder(URI.create(root + "/datasets/" + datasetId + "/upload"))
                .timeout(remaining.get())
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(VendorJson.write(body)))
                .build();
        return answer(http.send(presign)).thenCompose(answer -> {
            JsonNode form = answer.path("uploadDatasetImage");
            URI target = storage(form.path("url").asString(""));
            Map<String, String> fields = fields(form.path("fields"));
            if (target == null || fields == null) {
                throw new Stop(Failed.of(FailureClass.RETRYABLE,
                        "Leonardo's upload answer holds no usable presigned form"));
            }
            UploadForm upload = new UploadForm();
            fields.forEach(upload::field);
            UploadForm.Encoded encoded = upload.withFile("image-" + index + "." + extension, contentType, image);
            // No Authorization header: the presigned form is the storage's authorisation, and the key is Leonardo's.
            HttpRequest store = HttpRequest.newBuilder(target)
                    .timeout(remaining.get())
                    .header("Content-Type", encoded.contentType())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(encoded.body()))
                    .build();
            return http.send(store).thenApply(stored -> {
                if (stored.statusCode() / 100 != 2) {
                    throw new Stop(LeonardoErrors.classifyUpload(stored.statusCode(), stored.body()));
                }
                return null;
            });
        });
    }

    /** Leonardo's JSON answer to a call, or a {@link Stop} with its classified error. */
    static CompletableFuture<JsonNode> answer(CompletableFuture<HttpResponse<String>> call) {
        return call.thenApply(response -> {
            if (response.statusCode() != 200) {
                throw new Stop(LeonardoErrors.classify(response.statusCode(), response.headers(), response.body()));
            }
            return VendorJson.parse(response.body());
        });
    }

    /** The storage's URL, if it is an http(s) one. */
    private static URI storage(String url) {
        try {
            URI uri = URI.create(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null ? uri : null;
        } catch (IllegalArgumentException notAUrl) {
            return null;
        }
    }

    /**
     * The presigned form's fields, in order: a JSON string of an object (the published schema), or the object itself.
     * Null when they are not plain name-value pairs: a name or value that could break out of its part is never sent.
     */
    static Map<String, String> fields(JsonNode node) {
        JsonNode object = node.isString() ? VendorJson.parse(node.stringValue()) : node;
        if (!object.isObject() || object.isEmpty()) {
            return null;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            JsonNode value = field.getValue();
            if (!FIELD_NAME.matcher(field.getKey()).matches() || !(value.isString() || value.isNumber())
                    || value.asString().contains("\r") || value.asString().contains("\n")) {
                return null;
            }
            fields.put(field.getKey(), value.asString());
        }
        return fields;
    }

    /** A step of the training that ended it, with the attempt's failure already decided. */
    static final class Stop extends RuntimeException {

        private final transient Failed failed;

        Stop(Failed failed) {
            super(failed.reason(), null, false, false);
            this.failed = failed;
        }

        Failed failed() {
            return failed;
        }
    }
}
