package io.genpipe.cli.info;

import io.genpipe.cli.api.GenpipeApi;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code genpipe status JOB_ID} or {@code genpipe status --batch BATCH_ID}: what the sink has recorded of a job (its
 * attempts with their reasons, images and cost) or of a batch (the seeds' line: done, cost, time, providers, and the
 * jobs that failed with their reasons).
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show a job's or a batch's status.")
public final class StatusCommand extends ApiCommand {

    @ArgGroup(multiplicity = "1")
    Target target;

    static final class Target {
        @Parameters(index = "0", description = "a job id")
        String jobId;

        @Option(names = "--batch", description = "a batch id")
        String batchId;
    }

    /** The failed jobs a batch's status lists; the rest are in GET /v1/batches/{id}/jobs?status=FAILED. */
    private static final int FAILED_SHOWN = 20;

    @Override
    JsonNode ask(GenpipeApi genpipe) {
        if (target.batchId == null) {
            return genpipe.getFromSink("/v1/jobs/" + segment(target.jobId));
        }
        ObjectNode batch = (ObjectNode) genpipe.getFromSink("/v1/batches/" + segment(target.batchId));
        if (batch.path("failed").asInt() > 0) {
            // Which jobs failed and why: the page of them, under the batch's own figures.
            batch.set("failedJobs", genpipe.getFromSink("/v1/batches/" + segment(target.batchId)
                    + "/jobs?status=FAILED&limit=" + FAILED_SHOWN));
        }
        return batch;
    }

    @Override
    void show(JsonNode answer, PrintWriter out) {
        if (target.batchId != null) {
            batch(answer, out);
        } else {
            job(answer, out);
        }
    }

    private static void batch(JsonNode batch, PrintWriter out) {
        int total = batch.path("total").asInt();
        StringBuilder line = new StringBuilder("batch ").append(text(batch, "batchId")).append(": ")
                .append(batch.path("succeeded").asInt()).append('/').append(total).append(" succeeded, ")
                .append(batch.path("failed").asInt()).append(" failed, ").append(batch.path("pending").asInt())
                .append(" running · total ").append(usd(batch.path("totalCostUsd"), false));
        if (batch.path("unknownCostAttempts").asInt() > 0) {
            line.append(" and ").append(batch.path("unknownCostAttempts").asInt()).append(" attempts of unknown cost");
        }
        if (batch.path("averageDurationMs").isNumber()) {
            line.append(String.format(" · average %.1f s", batch.path("averageDurationMs").asDouble() / 1000.0));
        }
        out.println(line);
        Table providers = new Table("PROVIDER", "SUCCEEDED", "AFTER FALLBACK", "ATTEMPTS", "FAILED", "COST");
        for (JsonNode provider : batch.path("byProvider")) {
            providers.row(text(provider, "provider"), provider.path("succeeded").asInt(),
                    provider.path("afterFallback").asInt(), provider.path("attempts").asInt(),
                    provider.path("failedAttempts").asInt(), usd(provider.path("costUsd"), false));
        }
        providers.print(out);
        JsonNode failed = batch.path("failedJobs");
        if (failed.isObject()) {
            Table jobs = new Table("FAILED JOB", "CLASS", "COST", "REASON");
            for (JsonNode job : failed.path("jobs")) {
                jobs.row(text(job, "jobId"), text(job, "failureClass"), usd(job.path("totalCostUsd"),
                        job.path("unknownCostAttempts").asInt() > 0), text(job, "failureReason"));
            }
            jobs.print(out);
            int more = failed.path("total").asInt() - failed.path("jobs").size();
            if (more > 0) {
                out.println("and " + more + " more: GET /v1/batches/" + text(batch, "batchId")
                        + "/jobs?status=FAILED&offset=" + failed.path("jobs").size());
            }
        }
    }

    private static void job(JsonNode job, PrintWriter out) {
        StringBuilder line = new StringBuilder("job ").append(text(job, "jobId")).append(": ")
                .append(text(job, "status"));
        if (text(job, "provider") != null) {
            line.append(" by ").append(text(job, "provider")).append(' ').append(text(job, "model"));
        }
        line.append(" · cost ").append(usd(job.path("totalCostUsd"), false));
        if (job.path("unknownCostAttempts").asInt() + job.path("lostVendorCalls").asInt() > 0) {
            line.append(" at least (unknown: ").append(job.path("unknownCostAttempts").asInt())
                    .append(" attempts, ").append(job.path("lostVendorCalls").asInt()).append(" lost calls)");
        }
        if (job.path("durationMs").isNumber()) {
            line.append(String.format(" · %.1f s", job.path("durationMs").asLong() / 1000.0));
        }
        out.println(line);
        if (text(job, "failureReason") != null) {
            out.println("failed: " + text(job, "failureClass") + " " + text(job, "failureReason"));
        }
        for (JsonNode image : job.path("images")) {
            out.println("image " + text(image, "uri"));
        }
        Table attempts = new Table("ATTEMPT", "PROVIDER", "MODEL", "STATUS", "COST", "MS", "REASON");
        for (JsonNode attempt : job.path("attempts")) {
            attempts.row(attempt.path("attempt").asInt(), text(attempt, "provider"), text(attempt, "model"),
                    text(attempt, "status"), usd(attempt.path("costUsd"), !attempt.path("costKnown").asBoolean()),
                    text(attempt, "latencyMs"),
                    text(attempt, "reason") != null ? text(attempt, "reason") : text(attempt, "dispatchReason"));
        }
        attempts.print(out);
    }

    private static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
