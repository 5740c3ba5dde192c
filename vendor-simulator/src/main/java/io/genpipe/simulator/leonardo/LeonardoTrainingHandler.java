package io.genpipe.simulator.leonardo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.http.ApiKeyCheck;
import io.genpipe.simulator.http.Exchanges;
import io.genpipe.simulator.http.Json;
import io.genpipe.simulator.profile.Chance;
import io.genpipe.simulator.profile.ProfileSwitch;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Leonardo's custom-model training, as its REST API v1 is published (not in vendor-apis.md; the shapes follow the
 * copy of its OpenAPI in api-evangelist/leonardo-ai [obs]):
 * <ul>
 *   <li>{@code POST /datasets} {@code {name, description?}} → {@code {"insert_datasets_one":{"id"}}};
 *   <li>{@code GET /datasets/{id}} → {@code {"datasets_by_pk":{...,"dataset_images":[...]}}};
 *   <li>{@code POST /datasets/{id}/upload} {@code {"extension"}} → {@code {"uploadDatasetImage":{"id","url","fields",
 *       "key"}}}: a presigned form ({@code fields} is a JSON string) for a multipart POST of the file to {@code url},
 *       which is {@link LeonardoStorage} on this server;
 *   <li>{@code POST /models} → {@code {"sdTrainingJob":{"customModelId","apiCreditCost","cost"}}}; a dataset with no
 *       images is refused (400);
 *   <li>{@code GET /models/{id}} → {@code {"custom_models_by_pk":{...,"status":"PENDING|COMPLETE|FAILED"}}}, null once
 *       deleted or never known; {@code DELETE /models/{id}} → {@code {"delete_custom_models_by_pk":{"id"}}}.
 * </ul>
 * Every call needs the key. {@code POST /models} spends credits, so the account counts it and refuses it as it does
 * a generation ({@link LeonardoAccount}); the dataset calls only refuse during an outage.
 */
final class LeonardoTrainingHandler implements HttpHandler {

    static final String DATASETS = LeonardoHandler.ROOT + "/datasets";
    static final String MODELS = LeonardoHandler.ROOT + "/models";
    static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "webp");

    private static final System.Logger LOG = System.getLogger(LeonardoTrainingHandler.class.getName());

    private final ApiKeyCheck keys;
    private final ProfileSwitch profile;
    private final Chance chance;
    private final Clock clock;
    private final LeonardoDatasets store;
    private final LeonardoAccount account;
    private final String fallbackOrigin;

    LeonardoTrainingHandler(ApiKeyCheck keys, ProfileSwitch profile, Chance chance, Clock clock,
                            LeonardoDatasets store, LeonardoAccount account, String fallbackOrigin) {
        this.keys = keys;
        this.profile = profile;
        this.chance = chance;
        this.clock = clock;
        this.store = store;
        this.account = account;
        this.fallbackOrigin = fallbackOrigin;
    }

    @Override
    public void handle(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        List<String> rest = segments(path);
        try {
            if (path.startsWith(MODELS) && method.equals("POST") && rest.isEmpty()) {
                account.counted();
                authorize(exchange);
                train(exchange);
                return;
            }
            if (!path.startsWith(DATASETS + "/") && !path.equals(DATASETS)
                    && !path.startsWith(MODELS + "/") && !path.equals(MODELS)) {
                throw new LeonardoError.Rejected(LeonardoError.notFound(method, path));
            }
            authorize(exchange);
            boolean datasets = path.startsWith(DATASETS);
            if (datasets && method.equals("POST") && rest.isEmpty()) {
                createDataset(exchange);
            } else if (datasets && method.equals("GET") && rest.size() == 1) {
                showDataset(exchange, rest.get(0));
            } else if (datasets && method.equals("POST") && rest.size() == 2 && rest.get(1).equals("upload")) {
                presign(exchange, rest.get(0));
            } else if (!datasets && method.equals("GET") && rest.size() == 1) {
                showModel(exchange, rest.get(0));
            } else if (!datasets && method.equals("DELETE") && rest.size() == 1) {
                deleteModel(exchange, rest.get(0));
            } else {
                throw new LeonardoError.Rejected(LeonardoError.notFound(method, path));
            }
        } catch (LeonardoError.Rejected rejected) {
            rejected.error().sendTo(exchange);
        } catch (RuntimeException bug) {
            LOG.log(System.Logger.Level.WARNING, "Leonardo simulator failed on " + path, bug);
            LeonardoError.internal().sendTo(exchange);
        }
    }

    private void createDataset(HttpExchange exchange) {
        JsonNode body = json(exchange);
        refuseDuringOutage();
        JsonNode name = body.path("name");
        if (!name.isString() || name.stringValue().isBlank()) {
            throw invalid("Missing required field: name");
        }
        JsonNode description = body.path("description");
        LeonardoDatasets.Dataset dataset = new LeonardoDatasets.Dataset(UUID.randomUUID().toString(),
                name.stringValue(), description.isString() ? description.stringValue() : null, clock.instant(),
                List.of());
        store.add(dataset);
        Map<String, Object> inserted = new LinkedHashMap<>();
        inserted.put("id", dataset.id());
        Exchanges.sendJson(exchange, 200, Map.of("insert_datasets_one", inserted));
    }

    private void showDataset(HttpExchange exchange, String id) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("datasets_by_pk", store.dataset(id).map(LeonardoTrainingHandler::describe).orElse(null));
        Exchanges.sendJson(exchange, 200, answer);
    }

    private static Map<String, Object> describe(LeonardoDatasets.Dataset dataset) {
        List<Map<String, Object>> images = new ArrayList<>();
        for (LeonardoDatasets.DatasetImage image : dataset.images()) {
            images.add(Map.of("id", image.id(), "url", image.url(), "createdAt", image.createdAt().toString()));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", dataset.id());
        json.put("name", dataset.name());
        json.put("description", dataset.description());
        json.put("createdAt", dataset.createdAt().toString());
        json.put("updatedAt", dataset.createdAt().toString());
        json.put("dataset_images", images);
        return json;
    }

    /** Hands out a presigned form for one image: what S3's POST policy uploads look like, signature included. */
    private void presign(HttpExchange exchange, String datasetId) {
        JsonNode body = json(exchange);
        refuseDuringOutage();
        JsonNode extension = body.path("extension");
        if (!extension.isString()) {
            throw invalid("Missing required field: extension");
        }
        String ext = extension.stringValue().toLowerCase(Locale.ROOT);
        if (!EXTENSIONS.contains(ext)) {
            throw invalid("extension has to be png, jpg, jpeg, or webp, was " + extension.stringValue());
        }
        if (store.dataset(datasetId).isEmpty()) {
            // How Leonardo answers an unknown dataset here is not documented [?].
            throw invalid("dataset not found: " + datasetId);
        }
        Instant now = clock.instant();
        String imageId = UUID.randomUUID().toString();
        String key = "datasets/" + datasetId + "/" + imageId + "." + ext;
        String signature = HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
        store.expect(new LeonardoDatasets.PendingUpload(key, imageId, datasetId, ext, signature,
                now.plus(store.uploadValidity())));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Content-Type", ext.equals("jpg") ? "image/jpeg" : "image/" + ext);
        fields.put("bucket", LeonardoStorage.BUCKET);
        fields.put("X-Amz-Algorithm", "AWS4-HMAC-SHA256");
        fields.put("X-Amz-Credential", "SIMULATED/20261201/us-west-2/s3/aws4_request");
        fields.put("X-Amz-Date", "20261201T000000Z");
        fields.put("key", key);
        fields.put("Policy", java.util.Base64.getEncoder().encodeToString(("{\"key\":\"" + key + "\"}")
                .getBytes(StandardCharsets.UTF_8)));
        fields.put("X-Amz-Signature", signature);
        Map<String, Object> upload = new LinkedHashMap<>();
        upload.put("id", imageId);
        upload.put("url", Exchanges.origin(exchange, fallbackOrigin) + LeonardoStorage.PATH);
        upload.put("fields", new String(Json.write(fields), StandardCharsets.UTF_8));
        upload.put("key", key);
        Exchanges.sendJson(exchange, 200, Map.of("uploadDatasetImage", upload));
    }

    private void train(HttpExchange exchange) {
        JsonNode body = json(exchange);
        VendorProfile current = profile.current();
        Instant now = clock.instant();
        account.admit(current, now);
        LeonardoTrainingInput input = LeonardoTrainingInput.parse(body);
        Optional<LeonardoDatasets.Dataset> dataset = store.dataset(input.datasetId());
        if (dataset.isEmpty()) {
            throw invalid("dataset not found: " + input.datasetId()); // the wording is not documented [?]
        }
        if (dataset.get().images().isEmpty()) {
            // Leonardo cannot train on nothing; its wording for this refusal is not documented [?].
            throw invalid("dataset " + input.datasetId() + " has no images to train on");
        }
        if (input.instancePrompt().toLowerCase(Locale.ROOT).contains(LeonardoHandler.UNSAFE_MARKER)) {
            throw new LeonardoError.Rejected(LeonardoError.moderated("unsafe"));
        }
        Duration latency = chance.latency(current.latency());
        LeonardoTraining training = new LeonardoTraining(UUID.randomUUID().toString(), input, now, now.plus(latency),
                chance.happens(current.errorRate()), LeonardoTraining.CREDIT_COST);
        store.add(training);
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("customModelId", training.id());
        // apiCreditCost is marked deprecated in favour of cost [obs]; both are sent, as the published example does.
        job.put("apiCreditCost", training.apiCreditCost());
        job.put("cost", Map.of("amount", Integer.toString(training.apiCreditCost()), "unit", "CREDITS"));
        Exchanges.sendJson(exchange, 200, Map.of("sdTrainingJob", job));
    }

    private void showModel(HttpExchange exchange, String id) {
        Instant now = clock.instant();
        Map<String, Object> answer = new LinkedHashMap<>();
        // As for generations, an id the GraphQL layer does not find answers null, not 404 [?].
        answer.put("custom_models_by_pk", store.training(id).map(training -> describe(training, now)).orElse(null));
        Exchanges.sendJson(exchange, 200, answer);
    }

    private static Map<String, Object> describe(LeonardoTraining training, Instant now) {
        LeonardoTrainingInput input = training.input();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", training.id());
        json.put("name", input.name());
        json.put("description", input.description());
        json.put("instancePrompt", input.instancePrompt());
        json.put("modelHeight", input.resolution());
        json.put("modelWidth", input.resolution());
        json.put("public", false);
        json.put("sdVersion", input.sdVersion());
        json.put("status", training.statusAt(now).name());
        json.put("type", input.modelType());
        json.put("createdAt", training.createdAt().toString());
        json.put("updatedAt", (now.isBefore(training.completesAt()) ? training.createdAt() : training.completesAt())
                .toString());
        return json;
    }

    private void deleteModel(HttpExchange exchange, String id) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("delete_custom_models_by_pk", store.deleteTraining(id) ? Map.of("id", id) : null);
        Exchanges.sendJson(exchange, 200, answer);
    }

    private void authorize(HttpExchange exchange) {
        if (!keys.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
            throw new LeonardoError.Rejected(LeonardoError.unauthorized());
        }
    }

    private void refuseDuringOutage() {
        if (profile.current().outage()) {
            throw new LeonardoError.Rejected(LeonardoError.unavailable());
        }
    }

    private static JsonNode json(HttpExchange exchange) {
        return Json.parse(Exchanges.readBody(exchange))
                .orElseThrow(() -> invalid("invalid JSON payload"));
    }

    private static LeonardoError.Rejected invalid(String message) {
        return new LeonardoError.Rejected(LeonardoError.invalid(message));
    }

    /** The path's segments after {@code /datasets} or {@code /models}. */
    private static List<String> segments(String path) {
        String base = path.startsWith(DATASETS) ? DATASETS : path.startsWith(MODELS) ? MODELS : path;
        String tail = path.substring(base.length());
        List<String> parts = new ArrayList<>();
        for (String part : tail.split("/")) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        return parts;
    }
}
