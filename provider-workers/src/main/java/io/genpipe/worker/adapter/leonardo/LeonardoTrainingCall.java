package io.genpipe.worker.adapter.leonardo;

import io.genpipe.contracts.catalog.Usage;
import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.JobInputs;
import io.genpipe.contracts.event.TrainedModel;
import io.genpipe.contracts.event.Training;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One Leonardo custom-model training (REST API v1; not in vendor-apis.md, shapes from the copy of Leonardo's OpenAPI
 * in api-evangelist/leonardo-ai [obs]): a dataset ({@code POST /datasets}), each input image uploaded into it
 * ({@link LeonardoDatasetUpload}), the training ({@code POST /models}), then {@code GET /models/{id}} polled on the
 * scheduler until COMPLETE or FAILED, each status reported as progress. No thread waits between steps.
 *
 * <p>Only {@code POST /models} spends credits [?: datasets and uploads are not billed as far as Leonardo says]. Its
 * {@code customModelId} and charge are journaled as soon as it answers, so a worker that crashes while the training
 * runs is replaced by one that polls it again, not by a second, paid, training; a crash before that makes a new
 * dataset (the old one stays in the account). Past the call's timeout the custom model is deleted
 * ({@code DELETE /models/{id}}, Leonardo's only way to stop a training) and the attempt ends TIMEOUT with the
 * credits charged, since whether a deleted training is refunded is not documented [?].
 */
final class LeonardoTrainingCall {

    /** Counts the deletes of trainings that outlasted their call, by {@code outcome}: deleted|not-found|failed. */
    static final String DELETES = "genpipe.worker.leonardo.training.deletes";
    private static final Logger log = LoggerFactory.getLogger(LeonardoTrainingCall.class);
    private static final int MAX_POLL_FAILURES = 3;
    /** A delete runs after the call's own time is up: it gets a little of its own. */
    private static final Duration DELETE_TIMEOUT = Duration.ofSeconds(10);
    /** Polls of a training grow apart up to a thirtieth of its usual time, and never further than this. */
    private static final Duration LONGEST_POLL = Duration.ofMinutes(1);
    private static final Pattern STATUS = Pattern.compile("[A-Za-z_]{1,32}");

    private final String provider;
    private final GenerationRequest request;
    private final String root;
    private final String authorization;
    private final Billing billing;
    private final LeonardoOptions options;
    private final VendorHttp http;
    private final ScheduledExecutorService scheduler;
    private final InputFiles inputFiles;
    private final MeterRegistry meters;
    private final long deadlineNanos;
    private final Duration pollCap;
    private final CompletableFuture<GenerationResult> result = new CompletableFuture<>();

    private volatile LeonardoTrainingJob job;
    private volatile URI modelUrl;
    private volatile int pollFailures;
    private volatile Duration upcoming;
    private volatile Duration interval;

    LeonardoTrainingCall(String provider, GenerationRequest request, URI baseUrl, String authorization,
                         Billing billing, LeonardoOptions options, VendorHttp http, ScheduledExecutorService scheduler,
                         InputFiles inputFiles, MeterRegistry meters) {
        this.provider = provider;
        this.request = request;
        String base = baseUrl.toString();
        this.root = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.authorization = authorization;
        this.billing = billing;
        this.options = options;
        this.http = http;
        this.scheduler = scheduler;
        this.inputFiles = inputFiles;
        this.meters = meters;
        this.deadlineNanos = System.nanoTime() + request.timeout().toNanos();
        Duration share = request.model().latency().p50().dividedBy(30);
        Duration cap = share.compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : share;
        this.pollCap = cap.compareTo(options.maxPollInterval()) > 0 ? cap : options.maxPollInterval();
    }

    CompletableFuture<GenerationResult> start() {
        JobInputs inputs = request.inputs();
        if (inputs.isArchive()) {
            // Leonardo's datasets take images one upload at a time; unpacking a caller's archive is not ours to do.
            return finish(Failed.of(FailureClass.INVALID_REQUEST,
                    "inputs.images: Leonardo trains on images, not an archive; give the images themselves"));
        }
        Training training = inputs.training();
        if (training == null || inputs.images().isEmpty()) {
            return finish(Failed.of(FailureClass.INVALID_REQUEST,
                    "model-training needs inputs.images and inputs.training"));
        }
        LeonardoTrainingSettings settings;
        try {
            settings = LeonardoTrainingSettings.of(request.model());
        } catch (IllegalArgumentException misconfigured) {
            return finish(Failed.of(FailureClass.AUTH_FAILED, "provider misconfigured: " + misconfigured.getMessage()));
        }
        Optional<LeonardoTrainingJob> started = request.submittedRequest().flatMap(LeonardoTrainingJob::parse);
        if (started.isPresent()) {
            // Started before a crash or a redelivery: Leonardo is training it (or has), so poll, not pay again.
            follow(started.get());
            return result;
        }
        LeonardoDatasetUpload upload = new LeonardoDatasetUpload(root, authorization, http, inputFiles,
                this::remaining);
        createDataset(training)
                .thenCompose(datasetId -> upload.all(datasetId, inputs.images()).thenApply(done -> datasetId))
                .thenCompose(datasetId -> startTraining(datasetId, training, settings))
                .whenComplete((accepted, error) -> {
                    try {
                        if (error != null) {
                            finish(failure(error));
                            return;
                        }
                        request.recordSubmitted(accepted.journaled());
                        follow(accepted);
                    } catch (RuntimeException bug) {
                        finish(InternalErrors.failed(provider, request, bug));
                    }
                });
        return result;
    }

    private CompletableFuture<String> createDataset(Training training) {
        ObjectNode body = VendorJson.object();
        body.put("name", training.name());
        body.put("description", "genpipe job " + request.jobId() + ", attempt " + request.attempt());
        return LeonardoDatasetUpload.answer(http.send(post(root + "/datasets", body))).thenApply(answer -> {
            String id = answer.path("insert_datasets_one").path("id").asString("");
            if (!LeonardoTrainingJob.isId(id)) {
                throw new LeonardoDatasetUpload.Stop(Failed.of(FailureClass.RETRYABLE,
                        "Leonardo created the dataset without a usable id"));
            }
            return id;
        });
    }

    private CompletableFuture<LeonardoTrainingJob> startTraining(String datasetId, Training training,
                                                                 LeonardoTrainingSettings settings) {
        ObjectNode body = VendorJson.object();
        body.put("name", training.name());
        body.put("description", "trained by genpipe for job " + request.jobId());
        body.put("datasetId", datasetId);
        body.put("instance_prompt", instancePrompt(training.triggerWord(), request.prompt()));
        if (settings.modelType() != null) {
            body.put("modelType", settings.modelType());
        }
        if (settings.resolution() != null) {
            body.put("resolution", settings.resolution());
        }
        if (settings.sdVersion() != null) {
            // Leonardo's guides send sd_Version; its published schema spells it sd_version [?].
            body.put("sd_Version", settings.sdVersion());
        }
        if (settings.strength() != null) {
            body.put("strength", settings.strength());
        }
        body.put("nsfw", false);
        return LeonardoDatasetUpload.answer(http.send(post(root + "/models", body))).thenApply(answer -> {
            JsonNode accepted = answer.path("sdTrainingJob");
            String id = accepted.path("customModelId").asString("");
            if (!LeonardoTrainingJob.isId(id)) {
                throw new LeonardoDatasetUpload.Stop(new Failed(FailureClass.RETRYABLE,
                        "Leonardo accepted the training without a usable customModelId",
                        billing.unknown(provider, request.model(), "a training answer without its id")));
            }
            return LeonardoTrainingJob.accepted(id, accepted);
        });
    }

    /**
     * What the training learns to answer to: the trigger word, and the job's prompt when it says more (a class such as
     * "a photo of TOK dog" helps the training [?]). A prompt that already names the trigger word is sent as it is.
     */
    static String instancePrompt(String triggerWord, String prompt) {
        String text = prompt == null ? "" : prompt.strip();
        if (text.isEmpty() || text.equalsIgnoreCase(triggerWord)) {
            return triggerWord;
        }
        Pattern word = Pattern.compile("(^|\\W)" + Pattern.quote(triggerWord) + "($|\\W)", Pattern.CASE_INSENSITIVE);
        return word.matcher(text).find() ? text : triggerWord + ", " + text;
    }

    private void follow(LeonardoTrainingJob accepted) {
        job = accepted;
        modelUrl = URI.create(root + "/models/" + accepted.customModelId());
        upcoming = interval = options.pollInterval();
        schedulePoll();
    }

    private void schedulePoll() {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            timedOut();
            return;
        }
        try {
            Duration wait = upcoming;
            upcoming = interval;
            Duration next = interval.plus(interval.dividedBy(2));
            interval = next.compareTo(pollCap) > 0 ? pollCap : next;
            scheduler.schedule(this::poll, Math.min(wait.toNanos(), remaining), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            finish(new Failed(FailureClass.RETRYABLE, "worker shutting down", cost()));
        }
    }

    private void poll() {
        if (result.isDone()) {
            return;
        }
        http.send(call(modelUrl, remaining()).GET().build()).whenComplete((response, error) -> {
            try {
                if (error != null) {
                    onPollError(error);
                } else {
                    onPolled(response);
                }
            } catch (RuntimeException bug) {
                finish(InternalErrors.failed(provider, request, bug));
            }
        });
    }

    private void onPolled(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 200) {
            pollFailures = 0;
            JsonNode model = VendorJson.parse(response.body()).path("custom_models_by_pk");
            if (!model.isObject()) {
                finish(new Failed(FailureClass.RETRYABLE, "custom model no longer known to Leonardo", cost()));
                return;
            }
            String state = model.path("status").asString("");
            if (STATUS.matcher(state).matches()) {
                request.progress().report(state, null, null);
            }
            switch (state) {
                case "COMPLETE" -> finish(GenerationResult.Generated.trained(new TrainedModel(
                        TrainedModel.Kind.CUSTOM_MODEL, job.customModelId(), request.inputs().training().triggerWord()),
                        cost()));
                case "FAILED" -> finish(new Failed(FailureClass.RETRYABLE, "Leonardo training FAILED",
                        billing.unknown(provider, request.model(),
                                "Leonardo does not say whether a FAILED training is charged")));
                default -> schedulePoll(); // PENDING, or a status Leonardo adds later: it has not ended
            }
        } else if ((status == 429 || status >= 500) && ++pollFailures < MAX_POLL_FAILURES) {
            schedulePoll(); // a refused or failed poll does not lose the training
        } else {
            finish(charged(LeonardoErrors.classify(status, response.headers(), response.body())));
        }
    }

    private void onPollError(Throwable error) {
        Throwable cause = TransportFailures.unwrap(error);
        if (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)) {
            timedOut();
        } else if (++pollFailures < MAX_POLL_FAILURES) {
            schedulePoll();
        } else {
            finish(charged(TransportFailures.classify(cause, request.timeout())));
        }
    }

    /** The call's time is up: the attempt ends now, and the training is deleted so that it stops. */
    private void timedOut() {
        boolean first = result.complete(new Failed(FailureClass.TIMEOUT,
                TransportFailures.timedOut(request.timeout()).reason(), cost()));
        if (first && job != null) {
            delete(job);
        }
    }

    private void delete(LeonardoTrainingJob training) {
        HttpRequest delete = call(modelUrl, DELETE_TIMEOUT).DELETE().build();
        http.send(delete).whenComplete((response, error) -> {
            String outcome = error != null || response.statusCode() != 200 ? "failed"
                    : VendorJson.parse(response.body()).path("delete_custom_models_by_pk").isObject() ? "deleted"
                    : "not-found";
            meters.counter(DELETES, "provider", provider, "outcome", outcome).increment();
            if (outcome.equals("failed")) {
                log.warn("provider {}: could not delete Leonardo custom model {} of job {} attempt {} after its"
                                + " timeout ({}); it may go on training and stay in the account", provider,
                        training.customModelId(), request.jobId(), request.attempt(),
                        error != null ? TransportFailures.unwrap(error).getClass().getSimpleName()
                                : "HTTP " + response.statusCode());
            }
        });
    }

    /** Maps a step's failure: a vendor answer already classified, an input we cannot read, the network, or a bug. */
    private Failed failure(Throwable error) {
        Throwable cause = TransportFailures.unwrap(error);
        if (cause instanceof LeonardoDatasetUpload.Stop stop) {
            return stop.failed();
        }
        if (cause instanceof InputFiles.InputFileException unreadable) {
            return Failed.of(FailureClass.INVALID_REQUEST, unreadable.getMessage());
        }
        if (cause instanceof java.io.IOException) {
            return TransportFailures.classify(cause, request.timeout());
        }
        return InternalErrors.failed(provider, request, cause);
    }

    /** What the training cost: the charge its create answer stated, through the catalog's price. */
    private Usd cost() {
        LeonardoTrainingJob accepted = job;
        if (accepted == null) {
            return Usd.ZERO;
        }
        if (accepted.credits() != null) {
            return billing.bill(provider, request.model(), Usage.ofImages(List.of(), null)
                    .withCredits(accepted.credits()));
        }
        if (accepted.usd() != null) {
            return Usd.of(accepted.usd()); // a pay-as-you-go account is charged in dollars: that is the bill
        }
        return billing.unknown(provider, request.model(), "Leonardo's training answer stated no apiCreditCost");
    }

    private Failed charged(Failed failed) {
        return new Failed(failed.failureClass(), failed.reason(), cost(), failed.retryAfter(), failed.doNotRetry());
    }

    private HttpRequest post(String url, ObjectNode body) {
        return call(URI.create(url), remaining())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(VendorJson.write(body)))
                .build();
    }

    /** A request to Leonardo's API carrying the key. */
    private HttpRequest.Builder call(URI uri, Duration timeout) {
        return HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json");
    }

    /** What is left of the call's time, at least a nanosecond: a request past it times out at once. */
    private Duration remaining() {
        return Duration.ofNanos(Math.max(1, deadlineNanos - System.nanoTime()));
    }

    private CompletableFuture<GenerationResult> finish(GenerationResult outcome) {
        result.complete(outcome);
        return result;
    }
}
