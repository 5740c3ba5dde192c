package io.genpipe.worker.adapter.replicate;

import io.genpipe.contracts.catalog.Usage;
import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.JobInputs;
import io.genpipe.contracts.event.TrainedModel;
import io.genpipe.worker.adapter.Billing;
import io.genpipe.worker.adapter.GenerationRequest;
import io.genpipe.worker.adapter.GenerationResult;
import io.genpipe.worker.adapter.GenerationResult.Failed;
import io.genpipe.worker.adapter.InputFiles;
import io.genpipe.worker.adapter.InternalErrors;
import io.genpipe.worker.adapter.TransportFailures;
import io.genpipe.worker.adapter.VendorHttp;
import io.genpipe.worker.adapter.VendorJson;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Replicate training, as a chain of callbacks: the training set (the job's archive URL, or its images zipped and
 * uploaded with {@code POST /files}), then {@code POST /models/{owner}/{name}/versions/{version}/trainings}, then a
 * {@code GET /trainings/{id}} scheduled after each answer, each reporting the progress its logs show, until it ends.
 * The training id is journaled as soon as Replicate answers, so a replacement worker polls it instead of paying for
 * another. Past the call's time limit it is cancelled, and billed the time the cancel answer says it ran.
 */
final class ReplicateTraining {

    /** Polls that may fail in a row before the attempt is given up; the training runs on regardless. */
    private static final int MAX_POLL_FAILURES = 5;
    private static final Pattern TRAINING_ID = Pattern.compile("[a-z0-9]{1,64}");
    /** The last percentage of a progress bar, e.g. {@code  40%|####      | 400/1000}. */
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})%\\|");
    private static final Pattern STEPS = Pattern.compile("(\\d+)/(\\d+)");
    private static final int MAX_MESSAGE = 200;
    private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(10);

    static final String UPLOADS = "genpipe.worker.uploads";
    static final String CANCELS = "genpipe.worker.cancels";

    private final String provider;
    private final GenerationRequest request;
    private final String root;
    private final String authorization;
    private final Billing billing;
    private final ReplicateOptions options;
    private final VendorHttp http;
    private final InputFiles inputFiles;
    private final ScheduledExecutorService scheduler;
    private final MeterRegistry meters;
    private final long deadlineNanos;
    private final CompletableFuture<GenerationResult> result = new CompletableFuture<>();

    private volatile String trainingId;
    private volatile int pollFailures;
    private volatile Duration interval;

    ReplicateTraining(String provider, GenerationRequest request, String root, String authorization, Billing billing,
                      ReplicateOptions options, VendorHttp http, InputFiles inputFiles,
                      ScheduledExecutorService scheduler, MeterRegistry meters) {
        this.provider = provider;
        this.request = request;
        this.root = root;
        this.authorization = authorization;
        this.billing = billing;
        this.options = options;
        this.http = http;
        this.inputFiles = inputFiles;
        this.scheduler = scheduler;
        this.meters = meters;
        this.deadlineNanos = System.nanoTime() + request.timeout().toNanos();
        this.interval = options.pollInterval();
    }

    /**
     * @param createPath       {@code /models/{owner}/{name}/versions/{version}/trainings}
     * @param destinationOwner the account the trained version goes to
     */
    CompletableFuture<GenerationResult> start(String createPath, String destinationOwner) {
        Optional<String> created = request.submittedRequest();
        if (created.isPresent() && TRAINING_ID.matcher(created.get()).matches()) {
            // Started before a crash or a redelivery: it is running at Replicate, so follow it, do not pay again.
            trainingId = created.get();
            schedulePoll();
            return result;
        }
        trainingSet().whenComplete((inputImages, error) -> {
            if (error != null) {
                Throwable cause = TransportFailures.unwrap(error);
                finish(cause instanceof InputFiles.InputFileException unreadable
                        ? Failed.of(FailureClass.INVALID_REQUEST, unreadable.getMessage())
                        : cause instanceof UploadRefused refused ? refused.failure
                        : TransportFailures.classify(cause, request.timeout()));
                return;
            }
            HttpRequest create = call(URI.create(root + createPath))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body(request, destinationOwner, inputImages)))
                    .build();
            send(create, this::onCreated);
        });
        return result;
    }

    /**
     * The training body ({@code schemas_training_request}): the destination {@code <owner>/<training name>}, and the
     * trainer's input: the set, the trigger word, and the steps when the job gave them (else the trainer's default).
     */
    static String body(GenerationRequest request, String destinationOwner, String inputImages) {
        ObjectNode body = VendorJson.object();
        body.put("destination", destinationOwner + "/" + request.inputs().training().name());
        ObjectNode input = body.putObject("input");
        input.put("input_images", inputImages);
        input.put("trigger_word", request.inputs().training().triggerWord());
        if (request.inputs().training().steps() != null) {
            input.put("steps", request.inputs().training().steps());
        }
        return VendorJson.write(body);
    }

    /** The set as a URL Replicate can fetch: an archive URL as given, else a zip uploaded to Replicate's files. */
    private CompletableFuture<String> trainingSet() {
        JobInputs inputs = request.inputs();
        try {
            if (inputs.isArchive() && inputs.images().get(0).regionMatches(true, 0, "http", 0, 4)) {
                return CompletableFuture.completedFuture(inputs.images().get(0));
            }
            CompletableFuture<byte[]> zip = inputs.isArchive() ? inputFiles.bytes(inputs.images().get(0))
                    : inputFiles.zip(inputs.images());
            return zip.thenCompose(this::upload);
        } catch (InputFiles.InputFileException unreadable) {
            return CompletableFuture.failedFuture(unreadable);
        }
    }

    /** {@code POST /files} with the zip as its {@code content}; the training fetches it by {@code urls.get}. */
    private CompletableFuture<String> upload(byte[] zip) {
        String boundary = "genpipe-" + UUID.randomUUID();
        ByteArrayOutputStream form = new ByteArrayOutputStream(zip.length + 512);
        form.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"content\"; filename=\""
                + request.inputs().training().name() + ".zip\"\r\nContent-Type: application/zip\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        form.writeBytes(zip);
        form.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest upload = call(URI.create(root + "/files"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.toByteArray()))
                .build();
        return http.send(upload).thenApply(response -> {
            String url = VendorJson.parse(response.body()).path("urls").path("get").asString("");
            boolean uploaded = (response.statusCode() == 200 || response.statusCode() == 201) && !url.isEmpty();
            meters.summary(UPLOADS, "provider", provider, "outcome", uploaded ? "uploaded" : "refused")
                    .record(zip.length);
            if (!uploaded) {
                throw new UploadRefused(response.statusCode() / 100 == 2
                        ? Failed.of(FailureClass.RETRYABLE, "Replicate stored the training set without a URL")
                        : ReplicateErrors.classify(response.statusCode(), response.headers(), response.body()));
            }
            return url;
        });
    }

    private void onCreated(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status != 200 && status != 201) {
            finish(ReplicateErrors.classify(status, response.headers(), response.body()));
            return;
        }
        JsonNode training = VendorJson.parse(response.body());
        String id = training.path("id").asString("");
        if (!TRAINING_ID.matcher(id).matches()) {
            finish(Failed.of(FailureClass.RETRYABLE, "Replicate started a training without a usable id"));
            return;
        }
        trainingId = id;
        request.recordSubmitted(id);
        onTraining(training);
    }

    private void onTraining(JsonNode training) {
        String status = training.path("status").asString("").toLowerCase(Locale.ROOT);
        String logs = training.path("logs").asString("");
        request.progress().report(status, status.equals("succeeded") ? Integer.valueOf(100) : percent(logs),
                lastLine(logs));
        switch (status) {
            case "succeeded" -> finish(succeeded(training));
            case "failed" -> finish(ReplicateErrors.failedTraining(training.path("error").asString(""), bill(training)));
            case "canceled" -> finish(System.nanoTime() - deadlineNanos >= 0
                    ? new Failed(FailureClass.TIMEOUT, TransportFailures.timedOut(request.timeout()).reason(),
                    bill(training))
                    : new Failed(FailureClass.RETRYABLE, "training canceled at Replicate", bill(training)));
            case "aborted" -> finish(Failed.of(FailureClass.RETRYABLE, "training aborted at Replicate before it ran"));
            default -> schedulePoll(); // starting, processing
        }
    }

    /** LoRA weights when the training gave them; else the new version, which a job can name as its model. */
    private GenerationResult succeeded(JsonNode training) {
        String weights = training.path("output").path("weights").asString("");
        String version = training.path("output").path("version").asString("");
        String trigger = request.inputs().training().triggerWord();
        Usd cost = bill(training);
        if (!weights.isBlank()) {
            return GenerationResult.Generated.trained(new TrainedModel(TrainedModel.Kind.LORA_WEIGHTS, weights, trigger),
                    cost);
        }
        if (!version.isBlank()) {
            return GenerationResult.Generated.trained(new TrainedModel(TrainedModel.Kind.MODEL_VERSION, version,
                    trigger), cost);
        }
        return new Failed(FailureClass.RETRYABLE, "training succeeded without weights or a version", cost);
    }

    /** The catalog price applied to the seconds the trainer ran ({@code metrics.predict_time}); unknown without. */
    private Usd bill(JsonNode training) {
        JsonNode seconds = training.path("metrics").path("predict_time");
        Usage usage = Usage.ofImages(List.of(), null)
                .withGpuSeconds(seconds.isNumber() && seconds.doubleValue() >= 0 ? seconds.decimalValue() : null);
        return billing.bill(provider, request.model(), usage);
    }

    /** The next poll: from the poll interval, growing by half, up to a twentieth of the model's usual run time. */
    private void schedulePoll() {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            timedOut();
            return;
        }
        Duration wait = interval;
        Duration longest = request.model().latency().p50().dividedBy(20);
        longest = longest.compareTo(options.maxPollInterval()) > 0 ? longest : options.maxPollInterval();
        Duration next = interval.plus(interval.dividedBy(2));
        interval = next.compareTo(longest) > 0 ? longest : next;
        try {
            scheduler.schedule(this::poll, Math.min(wait.toNanos(), remaining), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            finish(Failed.of(FailureClass.RETRYABLE, "worker shutting down"));
        }
    }

    private void poll() {
        if (!result.isDone()) {
            send(call(URI.create(root + "/trainings/" + trainingId)).GET().build(), this::onPolled);
        }
    }

    private void onPolled(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 200) {
            pollFailures = 0;
            onTraining(VendorJson.parse(response.body()));
        } else if (status == 404) {
            finish(Failed.of(FailureClass.RETRYABLE, "HTTP 404 training no longer known to Replicate"));
        } else if ((status >= 500 || status == 429) && ++pollFailures < MAX_POLL_FAILURES) {
            schedulePoll();
        } else {
            finish(ReplicateErrors.classify(status, response.headers(), response.body()));
        }
    }

    /**
     * Gives up and cancels the training, so nobody pays for a run nobody waits for. The cancel's answer is the
     * training as it stopped: its {@code predict_time} is what Replicate bills, unknown if it does not answer.
     */
    private void timedOut() {
        String id = trainingId;
        Failed timedOut = TransportFailures.timedOut(request.timeout());
        if (id == null || result.isDone()) {
            finish(timedOut);
            return;
        }
        meters.counter(CANCELS, "provider", provider, "operation", request.operation().wireName()).increment();
        HttpRequest cancel = HttpRequest.newBuilder(URI.create(root + "/trainings/" + id + "/cancel"))
                .timeout(CANCEL_TIMEOUT)
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        http.send(cancel).whenComplete((response, error) -> {
            JsonNode stopped = error == null && response.statusCode() == 200 ? VendorJson.parse(response.body())
                    : VendorJson.parse("{}");
            finish(new Failed(FailureClass.TIMEOUT, timedOut.reason(), bill(stopped)));
        });
    }

    private void send(HttpRequest httpRequest, Consumer<HttpResponse<String>> next) {
        http.send(httpRequest).whenComplete((response, error) -> {
            try {
                if (error != null) {
                    onTransportError(error);
                } else {
                    next.accept(response);
                }
            } catch (RuntimeException bug) {
                finish(InternalErrors.failed(provider, request, bug));
            }
        });
    }

    private void onTransportError(Throwable error) {
        Throwable cause = TransportFailures.unwrap(error);
        if (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)) {
            timedOut();
        } else if (trainingId != null && ++pollFailures < MAX_POLL_FAILURES) {
            schedulePoll(); // the training runs at Replicate: one lost poll does not lose it
        } else {
            finish(TransportFailures.classify(cause, request.timeout()));
        }
    }

    /** A request to Replicate carrying the key, timed to end no later than the call's time limit. */
    private HttpRequest.Builder call(URI uri) {
        long remaining = Math.max(1, deadlineNanos - System.nanoTime());
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofNanos(remaining))
                .header("Authorization", authorization)
                .header("Accept", "application/json");
    }

    /** How far along the logs say the trainer is: its last progress-bar percentage, else its last steps count. */
    static Integer percent(String logs) {
        Matcher bar = PERCENT.matcher(logs);
        Integer percent = null;
        while (bar.find()) {
            percent = Integer.parseInt(bar.group(1));
        }
        if (percent == null) {
            Matcher steps = STEPS.matcher(logs);
            while (steps.find()) {
                long total = Long.parseLong(steps.group(2));
                percent = total == 0 ? null : (int) (Long.parseLong(steps.group(1)) * 100 / total);
            }
        }
        return percent == null ? null : Math.max(0, Math.min(100, percent));
    }

    /** The last line the trainer logged, trimmed and short; null when it logged nothing. */
    static String lastLine(String logs) {
        String[] lines = logs.split("[\\r\\n]+");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].strip();
            if (!line.isEmpty()) {
                return line.length() > MAX_MESSAGE ? line.substring(0, MAX_MESSAGE) : line;
            }
        }
        return null;
    }

    private void finish(GenerationResult outcome) {
        result.complete(outcome);
    }

    /** The upload of the training set was refused; the attempt fails as Replicate's answer says. */
    private static final class UploadRefused extends RuntimeException {

        private final transient Failed failure;

        UploadRefused(Failed failure) {
            super(failure.reason(), null, false, false);
            this.failure = failure;
        }
    }
}
