package io.genpipe.ingress.problem;

import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.ingress.Multipart;
import io.genpipe.ingress.RunningIngress;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, the ingress half: a generated corpus of bad requests (endpoint × mutation) against every endpoint that
 * reads a body or parameters. Each case must be a 4xx, never a 5xx, in its endpoint's error shape (problem+json, or
 * OpenAI's {@code error} for the OpenAI-compatible endpoints), naming the field at fault in the API's own terms,
 * and must not leak the implementation (Java types, Jackson's words). Every prompt carries a marker unique to its
 * case, so that afterwards the topic shows that no refused case was published, and a valid job still is.
 * Each outcome is logged to {@code target/bad-input/ingress.tsv}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadRequestCorpusIT extends RunningIngress {

    /** This run's markers: the shared topic holds every earlier run's jobs too. */
    private static final String RUN = "corpus-" + UUID.randomUUID().toString().substring(0, 8);
    private static final List<String> OUTCOMES = Collections.synchronizedList(new ArrayList<>());
    /** Over {@code genpipe.ingress.limits.max-body-size} (4 MB). */
    private static final int OVER_BODY_LIMIT = 4 * 1024 * 1024 + 1;
    /** Deeper than Jackson's default nesting limit (500 in Jackson 3), and far deeper than any real request. */
    private static final int DEEP = 5_000;

    /** How an endpoint answers errors. */
    enum Shape { PROBLEM, OPENAI }

    /** One endpoint: how it is called, by whom, and how it answers errors. */
    record Endpoint(String name, String method, String path, String contentType, boolean admin, Shape shape) {

        static Endpoint json(String name, String method, String path, boolean admin, Shape shape) {
            return new Endpoint(name, method, path, "application/json", admin, shape);
        }
    }

    static final Endpoint JOBS = Endpoint.json("POST /v1/jobs", "POST", "/v1/jobs", false, Shape.PROBLEM);
    static final Endpoint BATCHES = Endpoint.json("POST /v1/batches", "POST", "/v1/batches", false, Shape.PROBLEM);
    static final Endpoint JSONL = new Endpoint("POST /v1/batches (JSONL)", "POST", "/v1/batches?batchId=corpus",
            "application/x-ndjson", false, Shape.PROBLEM);
    static final Endpoint ESTIMATE = Endpoint.json("POST /v1/estimate", "POST", "/v1/estimate", false, Shape.PROBLEM);
    static final Endpoint GENERATIONS = Endpoint.json("POST /v1/images/generations", "POST",
            "/v1/images/generations", false, Shape.OPENAI);
    static final Endpoint EDITS = Endpoint.json("POST /v1/images/edits (JSON)", "POST", "/v1/images/edits", false,
            Shape.OPENAI);
    static final Endpoint EDITS_FORM = new Endpoint("POST /v1/images/edits (multipart)", "POST", "/v1/images/edits",
            null, false, Shape.OPENAI);
    static final Endpoint UPLOADS = new Endpoint("POST /v1/uploads", "POST", "/v1/uploads", "image/png", false,
            Shape.PROBLEM);
    static final Endpoint SETTINGS = Endpoint.json("PUT /v1/admin/providers/{p}/settings", "PUT",
            "/v1/admin/providers/fal/settings", true, Shape.PROBLEM);
    static final Endpoint IMPORT = Endpoint.json("POST /v1/admin/settings/import", "POST",
            "/v1/admin/settings/import", true, Shape.PROBLEM);
    static final Endpoint KEYS = Endpoint.json("POST /v1/admin/keys", "POST", "/v1/admin/keys", true, Shape.PROBLEM);
    static final Endpoint MODELS = new Endpoint("GET /v1/models", "GET", "/v1/models", null, false, Shape.PROBLEM);
    static final Endpoint AUDIT = new Endpoint("GET /v1/admin/audit", "GET", "/v1/admin/audit", null, true,
            Shape.PROBLEM);

    /** The JSON endpoints, each with a body it would take, so that a generic mutation has something to break. */
    static final List<Object[]> JSON_ENDPOINTS = List.of(
            new Object[] {JOBS, "{\"prompt\":\"%m\"}"},
            new Object[] {BATCHES, "{\"prompts\":[\"%m\"]}"},
            new Object[] {JSONL, "{\"prompt\":\"%m\"}"},
            new Object[] {ESTIMATE, "{\"prompt\":\"%m\",\"count\":2}"},
            new Object[] {GENERATIONS, "{\"prompt\":\"%m\"}"},
            new Object[] {EDITS, "{\"prompt\":\"%m\",\"images\":[{\"image_url\":\"https://example.com/a.png\"}]}"},
            new Object[] {SETTINGS, "{\"enabled\":true,\"reason\":\"%m\"}"},
            new Object[] {IMPORT, "{\"providers\":{\"fal\":{\"enabled\":true,\"reason\":\"%m\"}}}"},
            new Object[] {KEYS, "{\"tenantId\":\"acme\",\"keyId\":\"%m\"}"});

    /**
     * One bad request. {@code body} is made from the case's marker ({@code %m} in a template); {@code field}
     * is the field the answer must name, or {@code null} when no one field is at fault.
     */
    record Case(Endpoint endpoint, String name, Function<String, byte[]> body, String contentType, String query,
                String[] headers, int status, String field, String knownBug) {

        Case contentType(String type) {
            return new Case(endpoint, name, body, type, query, headers, status, field, knownBug);
        }

        Case headers(String... more) {
            return new Case(endpoint, name, body, contentType, query, more, status, field, knownBug);
        }

        /**
         * A case the contracts module's JsonSerde gets wrong, outside this module: not sent (it would be published,
         * or change a provider's settings), reported as skipped with why, until the contract is fixed.
         */
        Case knownBug(String why) {
            return new Case(endpoint, name, body, contentType, query, headers, status, field, why);
        }
    }


    static Case bad(Endpoint endpoint, String name, int status, String field, String template) {
        return new Case(endpoint, name, marker -> utf8(template.replace("%m", marker)), endpoint.contentType(), "",
                new String[0], status, field, null);
    }

    static Case bytes(Endpoint endpoint, String name, int status, String field, Function<String, byte[]> body) {
        return new Case(endpoint, name, body, endpoint.contentType(), "", new String[0], status, field, null);
    }

    static Case query(Endpoint endpoint, String name, String query, String field) {
        return new Case(endpoint, name, marker -> new byte[0], null, query, new String[0], 400, field, null);
    }

    // ---------------------------------------------------------------------------------------------------------
    // The tables
    // ---------------------------------------------------------------------------------------------------------

    /** Mutations that break any JSON body the same way, whatever the endpoint. */
    static Stream<Case> malformed() {
        return JSON_ENDPOINTS.stream().flatMap(row -> {
            Endpoint endpoint = (Endpoint) row[0];
            String good = (String) row[1];
            List<Case> cases = new ArrayList<>(List.of(
                    bad(endpoint, "truncated", 400, null, good.substring(0, good.length() - 3)),
                    bad(endpoint, "not JSON at all", 400, null, "prompt=%m"),
                    bytes(endpoint, "invalid UTF-8", 400, null, marker -> concat(utf8("{\"prompt\":\"" + marker),
                            new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}, utf8("\"}"))),
                    bad(endpoint, "deep nesting", 400, null, good.substring(0, good.length() - 1)
                            + ",\"x\":" + "[".repeat(DEEP) + "]".repeat(DEEP) + "}"),
                    bad(endpoint, "Content-Type text/plain", 415, null, good).contentType("text/plain"),
                    bad(endpoint, "no Content-Type", 415, null, good).contentType(null)));
            if (endpoint != ESTIMATE) {
                // An estimate's body is optional: none estimates one default job.
                cases.add(bad(endpoint, "empty body", 400, null, ""));
            }
            if (endpoint != EDITS) {
                // An edit's limit is its forms' (64 MB, with images), not 4 MB.
                cases.add(bytes(endpoint, "body over 4 MB", 413, null, marker -> utf8(good.replace("%m",
                        marker + " " + "x".repeat(OVER_BODY_LIMIT)))));
            }
            if (endpoint != JSONL) {
                // A JSONL line is its own document: these are the per-line cases below.
                cases.addAll(List.of(
                        bad(endpoint, "trailing garbage", 400, null, good + " {\"prompt\":\"%m\"}"),
                        bad(endpoint, "an array, not an object", 400, null, "[" + good + "]"),
                        bad(endpoint, "a string, not an object", 400, null, "\"%m\""),
                        bad(endpoint, "a number, not an object", 400, null, "42"),
                        bad(endpoint, "null, not an object", 400, null, "null")));
            }
            return cases.stream();
        });
    }

    /** {@code POST /v1/jobs}: one member wrong at a time. */
    static Stream<Case> jobFields() {
        return Stream.of(
                bad(JOBS, "prompt a number", 400, "prompt", "{\"prompt\":123}"),
                bad(JOBS, "prompt a boolean", 400, "prompt", "{\"prompt\":true,\"model\":\"%m\"}"),
                bad(JOBS, "prompt an array", 400, "prompt", "{\"prompt\":[\"%m\"]}"),
                bad(JOBS, "prompt an object", 400, "prompt", "{\"prompt\":{\"text\":\"%m\"}}"),
                bad(JOBS, "prompt null", 400, "prompt", "{\"prompt\":null,\"model\":\"%m\"}"),
                bad(JOBS, "prompt missing", 400, "prompt", "{\"params\":{\"width\":512},\"model\":\"%m\"}"),
                bad(JOBS, "prompt blank", 400, "prompt", "{\"prompt\":\"   \",\"model\":\"%m\"}"),
                bad(JOBS, "prompt over the model's 32000 characters", 422, "prompt",
                        "{\"prompt\":\"%m " + "x".repeat(32_001) + "\",\"model\":\"gpt-image-2\"}"),
                bad(JOBS, "width a fraction", 400, "params.width", "{\"prompt\":\"%m\",\"params\":{\"width\":1.5}}"),
                bad(JOBS, "width 1.0", 400, "params.width", "{\"prompt\":\"%m\",\"params\":{\"width\":1024.0}}"),
                bad(JOBS, "width a string", 400, "params.width", "{\"prompt\":\"%m\",\"params\":{\"width\":\"1024\"}}"),
                bad(JOBS, "width zero", 400, "params.width", "{\"prompt\":\"%m\",\"params\":{\"width\":0}}"),
                bad(JOBS, "width negative", 400, "params.width", "{\"prompt\":\"%m\",\"params\":{\"width\":-1}}"),
                bad(JOBS, "width over every model", 422, "params.width",
                        "{\"prompt\":\"%m\",\"params\":{\"width\":100000}}"),
                bad(JOBS, "width beyond an integer", 400, "params.width",
                        "{\"prompt\":\"%m\",\"params\":{\"width\":99999999999}}"),
                bad(JOBS, "height negative", 400, "params.height", "{\"prompt\":\"%m\",\"params\":{\"height\":-5}}"),
                bad(JOBS, "height null is the default, width a boolean", 400, "params.width",
                        "{\"prompt\":\"%m\",\"params\":{\"height\":null,\"width\":true}}"),
                bad(JOBS, "size over the catalog's 2048x2048 and 3840x2160", 422, "params",
                        "{\"prompt\":\"%m\",\"params\":{\"width\":4096,\"height\":4096}}"),
                bad(JOBS, "count zero", 400, "params.count", "{\"prompt\":\"%m\",\"params\":{\"count\":0}}"),
                bad(JOBS, "count a string", 400, "params.count", "{\"prompt\":\"%m\",\"params\":{\"count\":\"2\"}}"),
                bad(JOBS, "count over every model", 422, "params.count",
                        "{\"prompt\":\"%m\",\"params\":{\"count\":41}}"),
                bad(JOBS, "seed a fraction", 400, "params.seed", "{\"prompt\":\"%m\",\"params\":{\"seed\":7.5}}"),
                bad(JOBS, "seed a string", 400, "params.seed", "{\"prompt\":\"%m\",\"params\":{\"seed\":\"7\"}}"),
                bad(JOBS, "steps zero", 400, "params.steps", "{\"prompt\":\"%m\",\"params\":{\"steps\":0}}"),
                bad(JOBS, "steps over the model's 12", 422, "params.steps",
                        "{\"prompt\":\"%m\",\"model\":\"fal-ai/flux/schnell\",\"params\":{\"steps\":13}}"),
                bad(JOBS, "negativePrompt a number", 400, "params.negativePrompt",
                        "{\"prompt\":\"%m\",\"params\":{\"negativePrompt\":1}}"),
                bad(JOBS, "params an array", 400, "params", "{\"prompt\":\"%m\",\"params\":[1024,1024]}"),
                bad(JOBS, "params a string", 400, "params", "{\"prompt\":\"%m\",\"params\":\"1024x1024\"}"),
                bad(JOBS, "params an empty string", 400, "params", "{\"prompt\":\"%m\",\"params\":\"\"}"),
                bad(JOBS, "operation unknown", 400, "operation", "{\"prompt\":\"%m\",\"operation\":\"text-to-sound\"}"),
                bad(JOBS, "operation a number", 400, "operation", "{\"prompt\":\"%m\",\"operation\":0}"),
                bad(JOBS, "operation null is the default, model blank", 400, "model",
                        "{\"prompt\":\"%m\",\"operation\":null,\"model\":\" \"}"),
                bad(JOBS, "image-edit without inputs", 400, "inputs.images",
                        "{\"prompt\":\"%m\",\"operation\":\"image-edit\"}"),
                bad(JOBS, "inputs.images a data URI", 400, "inputs.images[0]",
                        "{\"prompt\":\"%m\",\"operation\":\"image-edit\",\"inputs\":{\"images\":[\"data:image/png;base64,AAAA\"]}}"),
                bad(JOBS, "inputs.images a string", 400, "inputs.images",
                        "{\"prompt\":\"%m\",\"operation\":\"image-edit\",\"inputs\":{\"images\":\"https://example.com/a.png\"}}"),
                bad(JOBS, "model unknown", 422, "model", "{\"prompt\":\"%m\",\"model\":\"dall-e-9\"}"),
                bad(JOBS, "model shut down", 422, "model", "{\"prompt\":\"%m\",\"model\":\"gpt-image-1\"}"),
                bad(JOBS, "model a number", 400, "model", "{\"prompt\":\"%m\",\"model\":2}"),
                bad(JOBS, "routing an array", 400, "routing", "{\"prompt\":\"%m\",\"routing\":[\"fal\"]}"),
                bad(JOBS, "routing.quality unknown", 400, "routing.quality",
                        "{\"prompt\":\"%m\",\"routing\":{\"quality\":\"gold\"}}"),
                bad(JOBS, "routing.prioritize unknown", 400, "routing.prioritize",
                        "{\"prompt\":\"%m\",\"routing\":{\"prioritize\":\"luck\"}}"),
                bad(JOBS, "routing.preset unknown", 400, "routing.preset",
                        "{\"prompt\":\"%m\",\"routing\":{\"preset\":\"mega\"}}"),
                bad(JOBS, "routing.provider unknown", 422, "routing.provider",
                        "{\"prompt\":\"%m\",\"routing\":{\"provider\":\"midjourney\"}}"),
                bad(JOBS, "routing.maxCostPerImageUsd zero", 400, "routing.maxCostPerImageUsd",
                        "{\"prompt\":\"%m\",\"routing\":{\"maxCostPerImageUsd\":0}}"),
                bad(JOBS, "routing.maxCostPerImageUsd negative", 400, "routing.maxCostPerImageUsd",
                        "{\"prompt\":\"%m\",\"routing\":{\"maxCostPerImageUsd\":-0.5}}"),
                bad(JOBS, "routing.maxCostPerImageUsd a string", 400, "routing.maxCostPerImageUsd",
                        "{\"prompt\":\"%m\",\"routing\":{\"maxCostPerImageUsd\":\"0.04\"}}"),
                bad(JOBS, "routing.fallback a string", 400, "routing.fallback",
                        "{\"prompt\":\"%m\",\"routing\":{\"fallback\":\"true\"}}"),
                bad(JOBS, "routing.fallback a number", 400, "routing.fallback",
                        "{\"prompt\":\"%m\",\"routing\":{\"fallback\":1}}"),
                bad(JOBS, "maxAttempts zero", 400, "maxAttempts", "{\"prompt\":\"%m\",\"maxAttempts\":0}"),
                bad(JOBS, "maxAttempts a fraction", 400, "maxAttempts", "{\"prompt\":\"%m\",\"maxAttempts\":1.5}"),
                bad(JOBS, "deadline not a date", 400, "deadline", "{\"prompt\":\"%m\",\"deadline\":\"tomorrow\"}"),
                bad(JOBS, "deadline a number", 400, "deadline", "{\"prompt\":\"%m\",\"deadline\":1764666000}"),
                bad(JOBS, "deadline in the past", 400, "deadline",
                        "{\"prompt\":\"%m\",\"deadline\":\"2026-12-01T00:00:00Z\"}"),
                bad(JOBS, "jobId with a slash", 400, "jobId", "{\"prompt\":\"%m\",\"jobId\":\"a/b\"}"),
                bad(JOBS, "jobId a number", 400, "jobId", "{\"prompt\":\"%m\",\"jobId\":42}"),
                bad(JOBS, "jobId over 128 characters", 400, "jobId",
                        "{\"prompt\":\"%m\",\"jobId\":\"" + "j".repeat(129) + "\"}"),
                bad(JOBS, "tenantId another tenant's", 403, "tenantId", "{\"prompt\":\"%m\",\"tenantId\":\"beta\"}"),
                bad(JOBS, "callbackUrl not a URL", 400, "callbackUrl", "{\"prompt\":\"%m\",\"callbackUrl\":\"not a url\"}"),
                bad(JOBS, "callbackUrl a private address", 422, "callbackUrl",
                        "{\"prompt\":\"%m\",\"callbackUrl\":\"https://10.0.0.1/hook\"}"),
                bad(JOBS, "Idempotency-Key with a space", 400, "Idempotency-Key", "{\"prompt\":\"%m\"}")
                        .headers("Idempotency-Key", "two words"),
                bad(JOBS, "Idempotency-Key over 255 characters", 400, "Idempotency-Key", "{\"prompt\":\"%m\"}")
                        .headers("Idempotency-Key", "k".repeat(256)),
                bad(JOBS, "Cache-Control unreadable", 400, "Cache-Control", "{\"prompt\":\"%m\"}")
                        .headers("Cache-Control", "max-age=soon"));
    }

    /** {@code POST /v1/batches}, JSON and JSONL. */
    static Stream<Case> batches() {
        String deepJobs = "{\"jobs\":[{\"prompt\":\"%m\"},{\"prompt\":\"%m\",\"params\":{\"width\":-1}}]}";
        return Stream.of(
                bad(BATCHES, "neither prompts nor jobs", 400, "prompts", "{\"batchId\":\"%m\"}"),
                bad(BATCHES, "prompts empty", 400, "prompts", "{\"prompts\":[],\"model\":\"%m\"}"),
                bad(BATCHES, "prompts an object", 400, "prompts", "{\"prompts\":{\"a\":\"%m\"}}"),
                bad(BATCHES, "prompts a string", 400, "prompts", "{\"prompts\":\"%m\"}"),
                bad(BATCHES, "prompts[1] a number", 400, "prompts[1]", "{\"prompts\":[\"%m\",2]}"),
                bad(BATCHES, "prompts[3] blank", 400, "prompts[3]", "{\"prompts\":[\"%m\",\"%m\",\"%m\",\" \"]}"),
                bad(BATCHES, "prompts[1] null", 400, "prompts[1]", "{\"prompts\":[\"%m\",null]}"),
                bad(BATCHES, "prompts and jobs", 400, "jobs", "{\"prompts\":[\"%m\"],\"jobs\":[{\"prompt\":\"%m\"}]}"),
                bad(BATCHES, "over 1000 prompts", 422, "prompts",
                        "{\"prompts\":[" + String.join(",", Collections.nCopies(1001, "\"%m\"")) + "]}"),
                bad(BATCHES, "width a fraction", 400, "params.width", "{\"prompts\":[\"%m\"],\"params\":{\"width\":1.5}}"),
                bad(BATCHES, "count over every model", 422, "params.count",
                        "{\"prompts\":[\"%m\"],\"params\":{\"count\":41}}"),
                bad(BATCHES, "batchId with a space", 400, "batchId", "{\"batchId\":\"a b\",\"prompts\":[\"%m\"]}"),
                bad(BATCHES, "batchId a number", 400, "batchId", "{\"batchId\":7,\"prompts\":[\"%m\"]}"),
                bad(BATCHES, "jobs empty", 400, "jobs", "{\"jobs\":[],\"model\":\"%m\"}"),
                bad(BATCHES, "jobs[1] null", 400, "jobs[1]", "{\"jobs\":[{\"prompt\":\"%m\"},null]}"),
                bad(BATCHES, "jobs[1] a string", 400, "jobs[1]", "{\"jobs\":[{\"prompt\":\"%m\"},\"%m\"]}"),
                bad(BATCHES, "jobs[1].params.width negative", 400, "jobs[1].params.width", deepJobs),
                bad(BATCHES, "jobs[0].prompt a number", 400, "jobs[0].prompt", "{\"jobs\":[{\"prompt\":1}],\"model\":\"%m\"}"),
                // A batch cannot name its jobs' ids: it names them <batchId>-<n>, so two jobs can never share one.
                bad(BATCHES, "jobs naming the same jobId twice", 400, "jobs[0].jobId",
                        "{\"jobs\":[{\"prompt\":\"%m\",\"jobId\":\"same\"},{\"prompt\":\"%m\",\"jobId\":\"same\"}]}"),
                bad(BATCHES, "jobs[0].tenantId", 400, "jobs[0].tenantId",
                        "{\"jobs\":[{\"prompt\":\"%m\",\"tenantId\":\"acme\"}]}"),
                bad(BATCHES, "jobs[1].model unknown", 422, "jobs[1].model",
                        "{\"jobs\":[{\"prompt\":\"%m\"},{\"prompt\":\"%m\",\"model\":\"dall-e-9\"}]}"),
                bad(BATCHES, "tenantId another tenant's", 403, "tenantId", "{\"tenantId\":\"beta\",\"prompts\":[\"%m\"]}"),

                bad(JSONL, "only blank lines", 400, "lines", "\n  \n\r\n"),
                bad(JSONL, "line 2 truncated", 400, "lines[2]", "{\"prompt\":\"%m\"}\n\n{\"prompt\":\"%m\""),
                bad(JSONL, "line 1 trailing garbage", 400, "lines[1]", "{\"prompt\":\"%m\"}\n{\"prompt\":\"%m\"} x"),
                bad(JSONL, "line 1 an array", 400, "lines[1]", "{\"prompt\":\"%m\"}\n[\"%m\"]"),
                bad(JSONL, "line 1 null", 400, "lines[1]", "{\"prompt\":\"%m\"}\nnull"),
                bad(JSONL, "line 0 prompt a number", 400, "lines[0].prompt", "{\"prompt\":7}\n{\"prompt\":\"%m\"}"),
                bad(JSONL, "line 1 width a fraction", 400, "lines[1].params.width",
                        "{\"prompt\":\"%m\"}\n{\"prompt\":\"%m\",\"params\":{\"width\":1.5}}"),
                bad(JSONL, "line 0 naming a jobId", 400, "lines[0].jobId", "{\"prompt\":\"%m\",\"jobId\":\"same\"}"),
                bad(JSONL, "line 1 count over every model", 422, "lines[1].params.count",
                        "{\"prompt\":\"%m\"}\n{\"prompt\":\"%m\",\"params\":{\"count\":41}}"),
                bad(JSONL, "over 1000 lines", 422, "lines", "{\"prompt\":\"%m\"}\n".repeat(1001)));
    }

    /** {@code POST /v1/estimate}: every member optional, so only wrong values. */
    static Stream<Case> estimate() {
        return Stream.of(
                bad(ESTIMATE, "count zero", 400, "count", "{\"prompt\":\"%m\",\"count\":0}"),
                bad(ESTIMATE, "count negative", 400, "count", "{\"prompt\":\"%m\",\"count\":-3}"),
                bad(ESTIMATE, "count over 1000", 400, "count", "{\"prompt\":\"%m\",\"count\":1001}"),
                bad(ESTIMATE, "count a fraction", 400, "count", "{\"prompt\":\"%m\",\"count\":2.5}"),
                bad(ESTIMATE, "count a string", 400, "count", "{\"prompt\":\"%m\",\"count\":\"2\"}"),
                bad(ESTIMATE, "prompt a number", 400, "prompt", "{\"prompt\":5}"),
                bad(ESTIMATE, "width a fraction", 400, "params.width", "{\"prompt\":\"%m\",\"params\":{\"width\":1.5}}"),
                bad(ESTIMATE, "size over every model", 422, "params",
                        "{\"prompt\":\"%m\",\"params\":{\"width\":4096,\"height\":4096}}"),
                bad(ESTIMATE, "operation unknown", 400, "operation", "{\"prompt\":\"%m\",\"operation\":\"video\"}"),
                bad(ESTIMATE, "model blank", 400, "model", "{\"prompt\":\"%m\",\"model\":\"\"}"),
                bad(ESTIMATE, "model unknown", 422, "model", "{\"prompt\":\"%m\",\"model\":\"dall-e-9\"}"),
                bad(ESTIMATE, "routing.budget unknown", 400, "routing.budget",
                        "{\"prompt\":\"%m\",\"routing\":{\"budget\":\"free\"}}"));
    }

    /** OpenAI's generation request: answered in OpenAI's shape, {@code param} in OpenAI's names. */
    static Stream<Case> generations() {
        return Stream.of(
                bad(GENERATIONS, "prompt missing", 400, "prompt", "{\"n\":1,\"user\":\"%m\"}"),
                bad(GENERATIONS, "prompt a number", 400, "prompt", "{\"prompt\":123}"),
                bad(GENERATIONS, "prompt blank", 400, "prompt", "{\"prompt\":\" \",\"user\":\"%m\"}"),
                bad(GENERATIONS, "prompt over the model's 32000 characters", 422, "prompt",
                        "{\"prompt\":\"%m " + "x".repeat(32_001) + "\",\"model\":\"gpt-image-2\"}"),
                bad(GENERATIONS, "n zero", 400, "n", "{\"prompt\":\"%m\",\"n\":0}"),
                bad(GENERATIONS, "n over OpenAI's 10", 400, "n", "{\"prompt\":\"%m\",\"n\":11}"),
                bad(GENERATIONS, "n a fraction", 400, "n", "{\"prompt\":\"%m\",\"n\":1.5}"),
                bad(GENERATIONS, "n a string", 400, "n", "{\"prompt\":\"%m\",\"n\":\"2\"}"),
                bad(GENERATIONS, "size not WxH", 400, "size", "{\"prompt\":\"%m\",\"size\":\"big\"}"),
                bad(GENERATIONS, "size zero", 400, "size", "{\"prompt\":\"%m\",\"size\":\"0x1024\"}"),
                bad(GENERATIONS, "size a number", 400, "size", "{\"prompt\":\"%m\",\"size\":1024}"),
                bad(GENERATIONS, "size over every model", 422, "size", "{\"prompt\":\"%m\",\"size\":\"4096x4096\"}"),
                bad(GENERATIONS, "quality unknown", 400, "quality", "{\"prompt\":\"%m\",\"quality\":\"gold\"}"),
                bad(GENERATIONS, "response_format unknown", 400, "response_format",
                        "{\"prompt\":\"%m\",\"response_format\":\"gif\"}"),
                bad(GENERATIONS, "stream true", 400, "stream", "{\"prompt\":\"%m\",\"stream\":true}"),
                bad(GENERATIONS, "stream a string", 400, "stream", "{\"prompt\":\"%m\",\"stream\":\"false\"}"),
                bad(GENERATIONS, "background transparent", 400, "background",
                        "{\"prompt\":\"%m\",\"background\":\"transparent\"}"),
                bad(GENERATIONS, "unknown member", 400, "seed", "{\"prompt\":\"%m\",\"seed\":7}"),
                bad(GENERATIONS, "model unknown", 422, "model", "{\"prompt\":\"%m\",\"model\":\"dall-e-9\"}"),
                bad(GENERATIONS, "model a number", 400, "model", "{\"prompt\":\"%m\",\"model\":3}"));
    }

    /** OpenAI's edit request, JSON and multipart. */
    static Stream<Case> edits() {
        String image = "{\"image_url\":\"https://example.com/a.png\"}";
        return Stream.of(
                bad(EDITS, "images missing", 400, "images", "{\"prompt\":\"%m\"}"),
                bad(EDITS, "images empty", 400, "images", "{\"prompt\":\"%m\",\"images\":[]}"),
                bad(EDITS, "images an object", 400, "images", "{\"prompt\":\"%m\",\"images\":" + image + "}"),
                bad(EDITS, "images[0] a string", 400, "images[0]",
                        "{\"prompt\":\"%m\",\"images\":[\"https://example.com/a.png\"]}"),
                bad(EDITS, "images[1] null", 400, "images[1]", "{\"prompt\":\"%m\",\"images\":[" + image + ",null]}"),
                bad(EDITS, "images over 16", 400, "images",
                        "{\"prompt\":\"%m\",\"images\":[" + String.join(",", Collections.nCopies(17, image)) + "]}"),
                bad(EDITS, "images[0].image_url a number", 400, "images[0].image_url",
                        "{\"prompt\":\"%m\",\"images\":[{\"image_url\":1}]}"),
                bad(EDITS, "images[0].image_url not a URL", 400, "images[0].image_url",
                        "{\"prompt\":\"%m\",\"images\":[{\"image_url\":\"ftp://example.com/a.png\"}]}"),
                bad(EDITS, "images[0].image_url bad base64", 400, "images[0].image_url",
                        "{\"prompt\":\"%m\",\"images\":[{\"image_url\":\"data:image/png;base64,@@@\"}]}"),
                bad(EDITS, "images[0].file_id", 400, "images[0].file_id",
                        "{\"prompt\":\"%m\",\"images\":[{\"file_id\":\"file-1\"}]}"),
                bad(EDITS, "images[0] unknown member", 400, "images[0].url",
                        "{\"prompt\":\"%m\",\"images\":[{\"url\":\"https://example.com/a.png\"}]}"),
                bad(EDITS, "prompt a number", 400, "prompt", "{\"prompt\":1,\"images\":[" + image + "]}"),
                bad(EDITS, "n zero", 400, "n", "{\"prompt\":\"%m\",\"n\":0,\"images\":[" + image + "]}"),
                bad(EDITS, "input_fidelity unknown", 400, "input_fidelity",
                        "{\"prompt\":\"%m\",\"input_fidelity\":\"max\",\"images\":[" + image + "]}"),
                bad(EDITS, "unknown member", 400, "response_format",
                        "{\"prompt\":\"%m\",\"response_format\":\"url\",\"images\":[" + image + "]}"),

                form("no image", 400, "image", marker -> new Multipart().field("prompt", marker)),
                form("unknown field", 400, "seed", marker -> new Multipart().field("prompt", marker)
                        .field("seed", "7").file("image", "a.png", "image/png", png())),
                form("unknown file", 400, "picture", marker -> new Multipart().field("prompt", marker)
                        .file("picture", "a.png", "image/png", png())),
                form("n a fraction", 400, "n", marker -> new Multipart().field("prompt", marker).field("n", "1.5")
                        .file("image", "a.png", "image/png", png())),
                form("n zero", 400, "n", marker -> new Multipart().field("prompt", marker).field("n", "0")
                        .file("image", "a.png", "image/png", png())),
                form("n twice", 400, "n", marker -> new Multipart().field("prompt", marker).field("n", "1")
                        .field("n", "2").file("image", "a.png", "image/png", png())),
                form("stream not a boolean", 400, "stream", marker -> new Multipart().field("prompt", marker)
                        .field("stream", "yes").file("image", "a.png", "image/png", png())),
                form("size not WxH", 400, "size", marker -> new Multipart().field("prompt", marker)
                        .field("size", "-1x5").file("image", "a.png", "image/png", png())),
                form("two masks", 400, "mask", marker -> new Multipart().field("prompt", marker)
                        .file("image", "a.png", "image/png", png()).file("mask", "m.png", "image/png", png())
                        .file("mask", "n.png", "image/png", png())),
                form("image not an image", 400, "image", marker -> new Multipart().field("prompt", marker)
                        .file("image", "a.png", "image/png", utf8("not a png"))),
                form("prompt missing", 400, "prompt", marker -> new Multipart().field("user", marker)
                        .file("image", "a.png", "image/png", png())),
                bytes(EDITS_FORM, "multipart without a boundary", 400, null, marker -> utf8("--x\r\n" + marker))
                        .contentType("multipart/form-data"),
                bytes(EDITS_FORM, "multipart cut short", 400, null, marker -> {
                    Multipart form = new Multipart().field("prompt", marker);
                    byte[] whole = form.bytes();
                    return java.util.Arrays.copyOf(whole, whole.length / 2);
                }).contentType("multipart"));
    }

    static Case form(String name, int status, String field, Function<String, Multipart> form) {
        // "multipart": the Content-Type is made from the body's own boundary when it is sent.
        return new Case(EDITS_FORM, name, marker -> form.apply(marker).bytes(), "multipart", "", new String[0],
                status, field, null);
    }

    /** {@code POST /v1/uploads}: raw image bodies and the multipart {@code file}. */
    static Stream<Case> uploads() {
        return Stream.of(
                bytes(UPLOADS, "empty image", 400, "body", marker -> new byte[0]),
                bytes(UPLOADS, "not an image", 400, "body", marker -> utf8("GIF89a " + marker)),
                bytes(UPLOADS, "text declared image/jpeg (typed by its bytes)", 400, "body",
                        marker -> utf8("{\"prompt\":\"" + marker + "\"}")).contentType("image/jpeg"),
                bytes(UPLOADS, "over the upload limit", 413, null, marker -> concat(png(),
                        new byte[MAX_UPLOAD_BYTES + 64 * 1024 + 1])),
                bytes(UPLOADS, "Content-Type text/plain", 415, null, marker -> png()).contentType("text/plain"),
                bytes(UPLOADS, "Content-Type image/gif", 415, null, marker -> utf8("GIF89a")).contentType("image/gif"),
                uploadForm("multipart without file", 400, "file", new Multipart().field("name", "a.png")),
                uploadForm("multipart file not an image", 400, "file",
                        new Multipart().file("file", "a.png", "image/png", utf8("hello"))),
                bytes(UPLOADS, "multipart without a boundary", 400, null, marker -> utf8("--x\r\n"))
                        .contentType("multipart/form-data"));
    }

    static Case uploadForm(String name, int status, String field, Multipart form) {
        return new Case(UPLOADS, name, marker -> form.bytes(), form.contentType(), "", new String[0], status,
                field, null);
    }

    /** The admin API's bodies, sent with the admin key. None is accepted, so no setting changes. */
    static Stream<Case> admin() {
        return Stream.of(
                bad(SETTINGS, "enabled missing", 400, "enabled", "{\"reason\":\"%m\"}"),
                bad(SETTINGS, "enabled null", 400, "enabled", "{\"enabled\":null}"),
                bad(SETTINGS, "enabled a string", 400, "enabled", "{\"enabled\":\"false\"}"),
                bad(SETTINGS, "enabled a number", 400, "enabled", "{\"enabled\":0}"),
                bad(SETTINGS, "weight negative", 400, "weight", "{\"enabled\":true,\"weight\":-1}"),
                bad(SETTINGS, "weight a string", 400, "weight", "{\"enabled\":true,\"weight\":\"2\"}"),
                bad(SETTINGS, "priority a fraction", 400, "priority", "{\"enabled\":true,\"priority\":1.5}"),
                bad(SETTINGS, "priority beyond an integer", 400, "priority",
                        "{\"enabled\":true,\"priority\":99999999999}"),
                bad(SETTINGS, "disabledModels a string", 400, "disabledModels",
                        "{\"enabled\":true,\"disabledModels\":\"fal-ai/flux/schnell\"}"),
                bad(SETTINGS, "disabledModels[1] null", 400, "disabledModels[1]",
                        "{\"enabled\":true,\"disabledModels\":[\"fal-ai/flux/schnell\",null]}"),
                bad(SETTINGS, "disabledModels[1] blank", 400, "disabledModels[1]",
                        "{\"enabled\":true,\"disabledModels\":[\"fal-ai/flux/schnell\",\" \"]}"),
                bad(SETTINGS, "disabledModels naming a model twice", 400, "disabledModels[1]",
                        "{\"enabled\":true,\"disabledModels\":[\"fal-ai/flux/schnell\",\"fal-ai/flux/schnell\"]}"),
                bad(SETTINGS, "disabledModels[0] not fal's", 422, "disabledModels[0]",
                        "{\"enabled\":true,\"disabledModels\":[\"gpt-image-2\"]}"),
                bad(SETTINGS, "reason over 500 characters", 400, "reason",
                        "{\"enabled\":true,\"reason\":\"" + "r".repeat(501) + "\"}"),
                bad(SETTINGS, "reason a number", 400, "reason", "{\"enabled\":true,\"reason\":5}"),
                bad(SETTINGS, "cooldown a string", 400, "cooldown", "{\"enabled\":true,\"cooldown\":\"PT30S\"}"),
                bad(SETTINGS, "If-Match not a version", 412, "If-Match", "{\"enabled\":true,\"reason\":\"%m\"}")
                        .headers("If-Match", "\"999999\""),

                bad(IMPORT, "providers missing", 400, "providers", "{\"exportedAt\":\"%m\"}"),
                bad(IMPORT, "providers empty", 400, "providers", "{\"providers\":{}}"),
                bad(IMPORT, "providers an array", 400, "providers", "{\"providers\":[{\"enabled\":true}]}"),
                bad(IMPORT, "providers.fal null", 400, "providers.fal", "{\"providers\":{\"fal\":null}}"),
                bad(IMPORT, "providers.fal.enabled missing", 400, "providers.fal.enabled",
                        "{\"providers\":{\"fal\":{\"reason\":\"%m\"}}}"),
                bad(IMPORT, "providers.fal.weight negative", 400, "providers.fal.weight",
                        "{\"providers\":{\"fal\":{\"enabled\":true,\"weight\":-2}}}"),
                bad(IMPORT, "providers.midjourney unknown", 422, "providers.midjourney",
                        "{\"providers\":{\"midjourney\":{\"enabled\":true}}}"),

                bad(KEYS, "tenantId missing", 400, "tenantId", "{\"keyId\":\"%m\"}"),
                bad(KEYS, "role unknown", 400, "role", "{\"tenantId\":\"acme\",\"role\":\"ROOT\"}"),
                bad(KEYS, "tenantId a number", 400, "tenantId", "{\"tenantId\":1}"));
    }

    /** Query parameters. */
    static Stream<Case> queries() {
        return Stream.of(
                query(MODELS, "operation unknown", "?operation=text-to-sound", "operation"),
                query(MODELS, "operation empty", "?operation=", "operation"),
                query(MODELS, "available not a boolean", "?available=yes", "available"),
                query(MODELS, "available empty", "?available=", "available"),
                query(MODELS, "available twice, differing", "?available=true&available=false", "available"),
                query(AUDIT, "limit zero", "?limit=0", "limit"),
                query(AUDIT, "limit over the most", "?limit=1000000", "limit"),
                query(AUDIT, "limit not a number", "?limit=ten", "limit"),
                query(AUDIT, "limit beyond an integer", "?limit=99999999999", "limit"),
                query(AUDIT, "since not an instant", "?since=yesterday", "since"));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Running them
    // ---------------------------------------------------------------------------------------------------------

    @TestFactory
    @Order(1)
    Stream<DynamicTest> everyBadRequestIsRefusedInTheEndpointsOwnTerms() {
        List<Case> all = Stream.of(malformed(), jobFields(), batches(), estimate(), generations(), edits(), uploads(),
                admin(), queries()).flatMap(cases -> cases).toList();
        int[] next = {0};
        return all.stream().map(c -> {
            String marker = RUN + "-" + next[0]++;
            return DynamicTest.dynamicTest(c.endpoint().name() + ": " + c.name(), () -> {
                if (c.knownBug() != null) {
                    OUTCOMES.add(String.join("\t", c.endpoint().name(), c.name(), "not sent", c.knownBug()));
                    Assumptions.abort(c.knownBug());
                }
                check(c, marker);
            });
        });
    }

    /** The same key with another request: 409 naming the key, whatever the second request asks. */
    @Test
    @Order(2)
    void anIdempotencyKeyReusedWithAnotherRequestIsAConflict() {
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = post("/v1/jobs", "{\"prompt\":\"accepted-" + RUN + " first\"}", TENANT_KEY,
                "Idempotency-Key", key);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);

        Case reused = bad(JOBS, "Idempotency-Key reused with another body", 409, "Idempotency-Key",
                "{\"prompt\":\"%m\"}").headers("Idempotency-Key", key);
        JsonNode problem = check(reused, RUN + "-reused");
        assertThat(problem.path("jobId").asString()).isEqualTo(json(first).path("jobId").asString());
    }

    /** After the whole corpus, the ingress still takes a job, and the topic holds no refused case's prompt. */
    @Test
    @Order(3)
    void afterTheCorpusAValidJobIsAcceptedAndNoRefusedOneWasPublished() {
        String prompt = "accepted-" + RUN + " a lighthouse at dawn";
        HttpResponse<String> accepted = post("/v1/jobs", "{\"prompt\":\"" + prompt + "\"}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String jobId = json(accepted).path("jobId").asString();

        JobRequested job = JsonSerde.instance().read(jobs().awaitKey(jobId, Duration.ofSeconds(30)).value(),
                JobRequested.class);
        assertThat(job.prompt()).isEqualTo(prompt);
        // Everything the topic holds by now, the accepted job included: no refused case is among it.
        List<ConsumerRecord<String, byte[]>> refused = jobs().readNow(record ->
                new String(record.value(), StandardCharsets.UTF_8).contains(RUN + "-"));
        assertThat(refused).extracting(ConsumerRecord::key).isEmpty();
    }

    @AfterAll
    static void writeOutcomes() throws IOException {
        Path tsv = Path.of("target", "bad-input", "ingress.tsv");
        Files.createDirectories(tsv.getParent());
        List<String> lines = new ArrayList<>();
        lines.add("endpoint\tcase\tstatus\tfield");
        synchronized (OUTCOMES) {
            lines.addAll(OUTCOMES);
        }
        Files.write(tsv, lines, StandardCharsets.UTF_8);
    }

    /** Sends the case and checks its answer; returns the error body (the problem, or OpenAI's {@code error}). */
    private JsonNode check(Case c, String marker) {
        HttpResponse<String> response = send(request(c, marker));
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        String body = response.body();
        JsonNode error = readError(body);
        String field = error == null ? null
                : c.endpoint().shape() == Shape.OPENAI ? text(error.path("error").path("param"))
                : text(error.path("field"));
        OUTCOMES.add(String.join("\t", c.endpoint().name(), c.name(), Integer.toString(response.statusCode()),
                field == null ? "" : field));

        assertThat(response.statusCode()).as(body).isBetween(400, 499).isEqualTo(c.status());
        // No stack traces, class names or Jackson's own words: the caller knows JSON, not Java.
        assertThat(body).doesNotContain("io.genpipe", "java.", "Exception", "Cannot deserialize", "tools.jackson");
        if (c.endpoint().shape() == Shape.OPENAI) {
            assertThat(contentType).as(body).startsWith("application/json");
            assertThat(error).as(body).isNotNull();
            JsonNode detail = error.path("error");
            assertThat(detail.path("message").asString()).as(body).isNotBlank();
            assertThat(detail.path("type").isString()).as(body).isTrue();
            // OpenAI's schema requires both, null or not.
            assertThat(detail.has("param") && detail.has("code")).as(body).isTrue();
        } else {
            assertThat(contentType).as(body).startsWith("application/problem+json");
            assertThat(error).as(body).isNotNull();
            assertThat(error.path("status").asInt()).as(body).isEqualTo(c.status());
        }
        if (c.field() != null) {
            assertThat(field).as(body).isEqualTo(c.field());
        }
        return error;
    }

    private HttpRequest request(Case c, String marker) {
        byte[] body = c.body().apply(marker);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(c.endpoint().path() + c.query()))
                // A bad case the ingress took by mistake must not wait on the OpenAI endpoint's 60 s for an outcome.
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + (c.endpoint().admin() ? ADMIN_KEY : TENANT_KEY));
        String contentType = c.contentType();
        if ("multipart".equals(contentType)) {
            // The boundary is the form's own, known only once its body is made.
            contentType = formContentType(body);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (c.headers().length > 0) {
            request.headers(c.headers());
        }
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.ofByteArray(body);
        return switch (c.endpoint().method()) {
            case "GET" -> request.GET().build();
            case "PUT" -> request.PUT(publisher).build();
            default -> request.POST(publisher).build();
        };
    }

    /** A form's body begins with {@code --<boundary>\r\n}. */
    private static String formContentType(byte[] body) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        return "multipart/form-data; boundary=" + text.substring(2, text.indexOf("\r\n"));
    }

    private static JsonNode readError(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    private static String text(JsonNode node) {
        return node.isString() ? node.asString() : null;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
