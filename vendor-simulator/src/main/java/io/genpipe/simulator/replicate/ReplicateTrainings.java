package io.genpipe.simulator.replicate;

import com.sun.net.httpserver.HttpExchange;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.http.Exchanges;
import io.genpipe.simulator.http.Json;
import io.genpipe.simulator.profile.Chance;
import io.genpipe.simulator.profile.ProfileSwitch;
import io.genpipe.simulator.replicate.ReplicateBodies.FileBody;
import io.genpipe.simulator.replicate.ReplicateBodies.FileUrls;
import io.genpipe.simulator.replicate.ReplicateBodies.Metrics;
import io.genpipe.simulator.replicate.ReplicateBodies.Problem;
import io.genpipe.simulator.replicate.ReplicateBodies.TrainingBody;
import io.genpipe.simulator.replicate.ReplicateBodies.TrainingOutput;
import io.genpipe.simulator.replicate.ReplicateBodies.Urls;
import io.genpipe.simulator.replicate.TrainingRun.Outcome;
import io.genpipe.simulator.replicate.UploadedFiles.StoredFile;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replicate's trainings and files (spec: {@code trainings.create}, {@code trainings.get}, {@code trainings.cancel},
 * {@code files.create}, {@code files.get}). A training is refused or started at create, with the account's checks
 * of predictions, and then runs for the profile's latency; its status, logs and output are read from its timeline.
 * Webhooks are accepted and checked, never delivered.
 */
final class ReplicateTrainings {

    /** The FLUX LoRA trainer's default steps [?: its model page]. */
    static final int DEFAULT_STEPS = 1000;
    static final int MAX_STEPS = 10_000;
    /** A create body holds an input_images URL, or a small archive as a data URI. */
    static final int MAX_CREATE_BYTES = 10 * 1024 * 1024;
    static final String WEIGHTS_FILE = "trained_model.tar";
    static final int CAPACITY = 10_000;

    private static final Pattern VERSION_ID = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern DESTINATION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern FILE_URL = Pattern.compile("https?://[^/]+/v1/files/([a-z0-9]+)");
    private static final List<String> TRAINER_ERRORS = List.of(
            "CUDA error: out of memory while training the LoRA; run it again.",
            "The trainer's worker stopped before the training finished; run it again.");
    private static final Problem TOO_LARGE = new Problem("Content Too Large", "Files must be less than 100MB in size",
            413);

    private final ProfileSwitch profile;
    private final ReplicateCreate create;
    private final Trainings trainings = new Trainings(CAPACITY);
    private final UploadedFiles files = new UploadedFiles();
    private final Chance chance;
    private final Clock clock;
    private final IntSupplier unfinishedPredictions;
    private final LongAdder limitRefusals;

    ReplicateTrainings(ProfileSwitch profile, ReplicateCreate create, Chance chance, Clock clock,
                       IntSupplier unfinishedPredictions, LongAdder limitRefusals) {
        this.limitRefusals = limitRefusals;
        this.profile = profile;
        this.create = create;
        this.chance = chance;
        this.clock = clock;
        this.unfinishedPredictions = unfinishedPredictions;
    }

    /**
     * {@code POST /v1/models/{owner}/{name}/versions/{version}/trainings}. Its runs count against the profile's
     * concurrency with the account's predictions; a create refused for the account's own limits counts in
     * {@code limitRefusals}, before it is answered, so a client that reads the answer sees it counted.
     */
    void create(HttpExchange exchange, String owner, String name, String version, String origin) {
        Optional<byte[]> raw = UploadForm.read(exchange, MAX_CREATE_BYTES);
        if (raw.isEmpty()) {
            send(exchange, new Problem("Content Too Large", "The request body is too large.", 413));
            return;
        }
        Instant now = clock.instant();
        VendorProfile current = profile.current();
        Optional<ReplicateCreate.Decision> refused = create.admit(current, now,
                unfinishedPredictions.getAsInt() + trainings.unfinishedAt(now));
        if (refused.isPresent()) {
            if (refused.get() instanceof ReplicateCreate.Decision.Refused refusal) {
                send(exchange, refusal.failure());
            } else if (refused.get() instanceof ReplicateCreate.Decision.OverLimit overLimit) {
                limitRefusals.increment();
                send(exchange, overLimit.failure());
            }
            return;
        }
        if (!VERSION_ID.matcher(version).matches()) {
            send(exchange, new Problem("Invalid version or not permitted",
                    "The version must be a 64-character id of a version of " + owner + "/" + name + ".", 422));
            return;
        }
        Optional<JsonNode> body = Json.parse(raw.get());
        Optional<Problem> invalid = validate(body.orElse(null));
        if (invalid.isPresent()) {
            send(exchange, invalid.get());
            return;
        }
        JsonNode input = body.get().get("input");
        int steps = input.path("steps").asInt(DEFAULT_STEPS);
        Duration runTime = chance.latency(current.latency());
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 26);
        TrainingRun training = TrainingRun.created(id, owner + "/" + name, version,
                body.get().get("destination").stringValue(), input, steps, now, runTime, outcome(current, input, now));
        trainings.add(training);
        Exchanges.sendJson(exchange, 201, body(training, now, origin));
    }

    void read(HttpExchange exchange, String id, String origin) {
        Optional<TrainingRun> training = trainings.find(id);
        if (training.isEmpty()) {
            send(exchange, new Problem("Not found", "The requested resource could not be found.", 404));
        } else {
            Exchanges.sendJson(exchange, 200, body(training.get(), clock.instant(), origin));
        }
    }

    void cancel(HttpExchange exchange, String id, String origin) {
        Instant now = clock.instant();
        Optional<TrainingRun> canceled = trainings.cancel(id, now);
        if (canceled.isEmpty()) {
            send(exchange, new Problem("Not found", "The requested resource could not be found.", 404));
        } else {
            Exchanges.sendJson(exchange, 200, body(canceled.get(), now, origin));
        }
    }

    /** {@code POST /v1/files}: a multipart form with a {@code content} file, optional filename, type and metadata. */
    void upload(HttpExchange exchange, String origin) {
        if (profile.current().outage()) {
            send(exchange, ReplicateCreate.outage());
            return;
        }
        Optional<byte[]> raw = UploadForm.read(exchange, UploadedFiles.MAX_FILE_BYTES + 64 * 1024);
        if (raw.isEmpty()) {
            send(exchange, TOO_LARGE);
            return;
        }
        Optional<Map<String, UploadForm.Part>> form = UploadForm.parse(
                exchange.getRequestHeaders().getFirst("Content-Type"), raw.get());
        if (form.isEmpty()) {
            send(exchange, new Problem("Invalid request", "The body must be multipart/form-data with a boundary.", 400));
            return;
        }
        UploadForm.Part content = form.get().get("content");
        if (content == null || content.filename() == null) {
            send(exchange, ReplicateCreate.invalid("content", "required", "content is required and must be a file")
                    .orElseThrow());
            return;
        }
        if (content.data().length >= UploadedFiles.MAX_FILE_BYTES) {
            send(exchange, TOO_LARGE);
            return;
        }
        String filename = form.get().containsKey("filename") ? form.get().get("filename").text() : content.filename();
        if (filename.isEmpty() || filename.getBytes(StandardCharsets.UTF_8).length > 255) {
            send(exchange, ReplicateCreate.invalid("filename", "length", "filename must be 1 to 255 bytes").orElseThrow());
            return;
        }
        String type = form.get().containsKey("type") ? form.get().get("type").text()
                : content.contentType() != null ? content.contentType() : "application/octet-stream";
        JsonNode metadata = form.get().containsKey("metadata")
                ? Json.parse(form.get().get("metadata").data()).orElse(null) : Json.MAPPER.createObjectNode();
        if (metadata == null || !metadata.isObject()) {
            send(exchange, ReplicateCreate.invalid("metadata", "json", "metadata must be a JSON object").orElseThrow());
            return;
        }
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 26);
        StoredFile file = new StoredFile(id, filename, type, content.data(), sha256(content.data()), metadata,
                clock.instant());
        files.add(file);
        Exchanges.sendJson(exchange, 201, fileBody(file, origin));
    }

    void file(HttpExchange exchange, String id, String origin) {
        Optional<StoredFile> file = files.find(id, clock.instant());
        if (file.isEmpty()) {
            send(exchange, new Problem("Not found", "The requested resource could not be found.", 404));
        } else {
            Exchanges.sendJson(exchange, 200, fileBody(file.get(), origin));
        }
    }

    /**
     * How it will end. The trainer downloads input_images when it starts, so a set it cannot read fails the training
     * rather than the create: a data URI that is not a zip, or a file of this account that does not exist (or is not
     * a zip). An https URL elsewhere is taken to be a zip: the simulator never fetches it.
     */
    private Outcome outcome(VendorProfile current, JsonNode input, Instant now) {
        String images = input.get("input_images").stringValue();
        String lower = images.toLowerCase(Locale.ROOT);
        if (lower.startsWith("data:")) {
            int comma = images.indexOf(',');
            byte[] bytes = null;
            try {
                bytes = comma < 0 || !lower.substring(0, comma).endsWith(";base64") ? null
                        : Base64.getDecoder().decode(images.substring(comma + 1));
            } catch (IllegalArgumentException notBase64) {
                // refused below
            }
            if (bytes == null || !(bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K')) {
                return new Outcome.Failed("input_images is not a zip archive of images.");
            }
        } else {
            Matcher file = FILE_URL.matcher(images);
            if (file.matches()) {
                Optional<StoredFile> stored = files.find(file.group(1), now);
                if (stored.isEmpty()) {
                    return new Outcome.Failed("Could not download input_images: 404 Not Found.");
                }
                if (!stored.get().isZip()) {
                    return new Outcome.Failed("input_images is not a zip archive of images.");
                }
            }
        }
        if (chance.happens(current.errorRate())) {
            return new Outcome.Failed(TRAINER_ERRORS.get(chance.pick(TRAINER_ERRORS.size())));
        }
        byte[] versionId = new byte[32];
        for (int i = 0; i < versionId.length; i++) {
            versionId[i] = (byte) chance.pick(256);
        }
        return new Outcome.Trained(HexFormat.of().formatHex(versionId));
    }

    private static Optional<Problem> validate(JsonNode body) {
        if (body == null || !body.isObject()) {
            return Optional.of(new Problem("Invalid request", "The request body must be a JSON object.", 400));
        }
        JsonNode destination = body.get("destination");
        if (destination == null || !destination.isString() || !DESTINATION.matcher(destination.stringValue()).matches()) {
            return ReplicateCreate.invalid("destination", "required",
                    "destination is required, as {owner}/{name} of a model you own");
        }
        JsonNode webhook = body.get("webhook");
        if (webhook != null && !(webhook.isString() && webhook.stringValue().startsWith("https://"))) {
            return ReplicateCreate.invalid("webhook", "format", "webhook must be an HTTPS URL");
        }
        JsonNode input = body.get("input");
        if (input == null || !input.isObject()) {
            return ReplicateCreate.invalid("input", "required", "input is required and must be an object");
        }
        JsonNode images = input.get("input_images");
        if (images == null || !images.isString() || !images.stringValue().matches("(?i)(https?://|data:).+")) {
            return ReplicateCreate.invalid("input.input_images", "required",
                    "input_images is required: a URL or data URI of a zip of images");
        }
        JsonNode trigger = input.get("trigger_word");
        if (trigger != null && !(trigger.isString() && !trigger.stringValue().isBlank())) {
            return ReplicateCreate.invalid("input.trigger_word", "type", "trigger_word must be a non-empty string");
        }
        JsonNode steps = input.get("steps");
        if (steps != null && !(steps.isInt() && steps.intValue() >= 1 && steps.intValue() <= MAX_STEPS)) {
            return ReplicateCreate.invalid("input.steps", "range", "steps must be an integer from 1 to " + MAX_STEPS);
        }
        return Optional.empty();
    }

    private static TrainingBody body(TrainingRun training, Instant now, String origin) {
        Prediction.Status status = training.statusAt(now);
        TrainingOutput output = status == Prediction.Status.SUCCEEDED
                && training.outcome() instanceof Outcome.Trained trained
                ? new TrainingOutput(training.destination() + ":" + trained.versionId(),
                origin + ReplicateServer.DELIVERY_PATH + training.id() + "/" + WEIGHTS_FILE)
                : null;
        String error = status == Prediction.Status.FAILED && training.outcome() instanceof Outcome.Failed failed
                ? failed.error() : null;
        Metrics metrics = status.terminal() ? new Metrics(training.predictSeconds(),
                Duration.between(training.createdAt(), training.completedAt()).toNanos() / 1e9) : null;
        String self = origin + "/v1/trainings/" + training.id();
        boolean started = !now.isBefore(training.startsAt()) && (training.canceledAt() == null
                || training.canceledAt().isAfter(training.startsAt()));
        return new TrainingBody(training.id(), training.model(), training.version(), training.input(), output, error,
                training.logsAt(now), status.wire(), training.createdAt().toString(),
                started ? training.startsAt().toString() : null,
                status.terminal() ? training.completedAt().toString() : null, "api", metrics,
                new Urls(self, self + "/cancel", "https://replicate.com/p/" + training.id()));
    }

    private static FileBody fileBody(StoredFile file, String origin) {
        return new FileBody(file.id(), new FileUrls(origin + "/v1/files/" + file.id()), file.contentType(),
                file.content().length, Map.of("sha256", file.sha256()), file.metadata(), file.createdAt().toString(),
                file.expiresAt().toString());
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has SHA-256", e);
        }
    }

    private static void send(HttpExchange exchange, Problem problem) {
        Exchanges.sendJson(exchange, problem.status(), problem);
    }

    private static void send(HttpExchange exchange, ReplicateBodies.Failure failure) {
        Exchanges.sendJson(exchange, failure.status(), failure.problem(), failure.headers());
    }
}
