package io.genpipe.cli.bulk;

import io.genpipe.cli.api.ApiException;
import io.genpipe.cli.api.GenpipeApi;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Each submitted job's result as the sink records it, one row per job in the file's order: written as JSONL, or as
 * CSV for a {@code .csv} file, with the images downloaded beside them when asked. A cost the sink does not know is
 * written empty with {@code cost_known} false, never as 0.
 */
final class JobResults {

    static final List<String> COLUMNS = List.of("job_id", "batch_id", "status", "provider", "model", "cost_usd",
            "cost_known", "duration_ms", "images", "files", "failure_class", "failure_reason");

    private final GenpipeApi api;
    private final PrintWriter err;

    JobResults(GenpipeApi api, PrintWriter err) {
        this.api = api;
        this.err = err;
    }

    /** The most jobs one page of a batch's jobs lists (the sink's largest page). */
    private static final int PAGE = 1000;

    /**
     * One row per job, in the file's order; {@code imagesDir} null downloads nothing. Each batch's jobs are read a
     * page of a thousand at a time ({@code GET /v1/batches/{id}/jobs}), not one request per job.
     */
    List<Map<String, Object>> fetch(List<SubmittedBatch> batches, Path imagesDir) throws IOException {
        if (imagesDir != null) {
            Files.createDirectories(imagesDir);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SubmittedBatch batch : batches) {
            Map<String, JsonNode> recorded = recorded(batch);
            for (String jobId : batch.jobIds()) {
                rows.add(row(batch, jobId, recorded.get(jobId), imagesDir));
            }
        }
        return rows;
    }

    /** The batch's jobs the sink has recorded, by id. */
    private Map<String, JsonNode> recorded(SubmittedBatch batch) {
        Map<String, JsonNode> jobs = new HashMap<>();
        Integer offset = 0;
        while (offset != null) {
            JsonNode page;
            try {
                page = api.get(URI.create(batch.statusUrl() + "/jobs?limit=" + PAGE + "&offset=" + offset));
            } catch (ApiException e) {
                if (e.status() == 404) {
                    return jobs; // none recorded yet
                }
                throw e;
            }
            page.path("jobs").forEach(job -> jobs.put(job.path("jobId").asString(), job));
            offset = page.path("next").isNumber() ? page.path("next").asInt() : null;
        }
        return jobs;
    }

    private Map<String, Object> row(SubmittedBatch batch, String jobId, JsonNode job, Path imagesDir) {
        Map<String, Object> row = new LinkedHashMap<>();
        COLUMNS.forEach(column -> row.put(column, null));
        row.put("job_id", jobId);
        row.put("batch_id", batch.batchId());
        if (job == null) {
            row.put("status", "UNKNOWN");
            row.put("failure_reason", "the sink has not recorded this job");
            return row;
        }
        row.put("status", text(job, "status"));
        row.put("provider", text(job, "provider"));
        row.put("model", text(job, "model"));
        row.put("cost_usd", job.path("totalCostUsd").isNumber()
                ? job.path("totalCostUsd").decimalValue().stripTrailingZeros().toPlainString() : null);
        row.put("cost_known", job.path("unknownCostAttempts").asInt() == 0 && job.path("lostVendorCalls").asInt() == 0);
        row.put("duration_ms", durationMs(job));
        row.put("failure_class", text(job, "failureClass"));
        row.put("failure_reason", text(job, "failureReason"));
        List<String> images = new ArrayList<>();
        List<String> files = new ArrayList<>();
        int n = 0;
        for (JsonNode image : job.path("images")) {
            String uri = image.path("uri").asString();
            images.add(uri);
            n++;
            if (imagesDir != null) {
                Path file = imagesDir.resolve(jobId + "-" + n + extension(uri, text(image, "contentType")));
                if (download(uri, file)) {
                    files.add(file.toString());
                }
            }
        }
        row.put("images", images);
        row.put("files", imagesDir == null ? null : files);
        return row;
    }

    private boolean download(String uri, Path file) {
        try {
            URI source = URI.create(uri);
            String scheme = source.getScheme() == null ? "" : source.getScheme().toLowerCase(Locale.ROOT);
            switch (scheme) {
                case "http", "https" -> {
                    try (InputStream in = api.download(source)) {
                        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                // The local run's image store: readable when this command runs on the same machine.
                case "file" -> Files.copy(Path.of(source), file, StandardCopyOption.REPLACE_EXISTING);
                default -> {
                    err.println("image " + uri + ": cannot download a " + scheme + ": URL; its URL is in the results");
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            err.println("image " + uri + " not downloaded: " + e.getMessage());
            return false;
        }
    }

    private static String extension(String uri, String contentType) {
        if (contentType != null) {
            switch (contentType) {
                case "image/png" -> {
                    return ".png";
                }
                case "image/jpeg" -> {
                    return ".jpg";
                }
                case "image/webp" -> {
                    return ".webp";
                }
                default -> {
                }
            }
        }
        String path = URI.create(uri).getPath();
        int dot = path == null ? -1 : path.lastIndexOf('.');
        return dot > path.lastIndexOf('/') && path.length() - dot <= 5 ? path.substring(dot) : ".img";
    }

    /** JSONL, or CSV when the file's name ends in {@code .csv} (lists joined by spaces). */
    static void write(List<Map<String, Object>> rows, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
                CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
                COLUMNS.forEach(schema::addColumn);
                List<Map<String, Object>> flat = new ArrayList<>();
                for (Map<String, Object> row : rows) {
                    Map<String, Object> cells = new LinkedHashMap<>(row);
                    cells.replaceAll((column, value) -> value instanceof List<?> list
                            ? String.join(" ", list.stream().map(Object::toString).toList()) : value);
                    flat.add(cells);
                }
                new CsvMapper().writer(schema.build()).writeValues(out).writeAll(flat).close();
                return;
            }
            for (Map<String, Object> row : rows) {
                ObjectNode line = GenpipeApi.JSON.createObjectNode();
                row.forEach((column, value) -> {
                    if (value instanceof List<?> list) {
                        ArrayNode array = line.putArray(column);
                        list.forEach(item -> array.add(item.toString()));
                    } else {
                        line.putPOJO(column, value);
                    }
                });
                out.write(GenpipeApi.JSON.writeValueAsString(line));
                out.write('\n');
            }
        }
    }

    private static Long durationMs(JsonNode job) {
        if (!job.path("requestedAt").isString() || !job.path("completedAt").isString()) {
            return null;
        }
        return Duration.between(Instant.parse(job.path("requestedAt").asString()),
                Instant.parse(job.path("completedAt").asString())).toMillis();
    }

    private static String text(JsonNode node, String member) {
        JsonNode value = node.path(member);
        return value.isString() ? value.asString() : null;
    }
}
