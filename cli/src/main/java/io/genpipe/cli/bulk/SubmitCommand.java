package io.genpipe.cli.bulk;

import io.genpipe.cli.api.ApiException;
import io.genpipe.cli.api.GenpipeApi;
import io.genpipe.cli.api.GenpipeCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code genpipe submit prompts.jsonl|prompts.csv [--batch-id portraits] [--wait] [--results out.jsonl|out.csv]
 * [--images dir]}: a file of jobs sent to the ingress as JSONL batches of at most {@code --chunk} jobs, batch ids
 * {@code <batch-id>-1}, {@code -2}, …; over a tenant's rate the command waits the ingress's Retry-After and goes on.
 * With {@code --wait} (implied by {@code --results} and {@code --images}) it then follows the batches at the sink with
 * a progress bar until every job has ended, prints the totals, and writes each job's result.
 *
 * <p>Exit status: 0 every job accepted (and, when waited for, succeeded); 1 genpipe refused a batch or could not be
 * reached; 2 a bad file or no key; 3 some jobs failed; 4 the wait ran out with jobs still running.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Submit a JSONL or CSV file of jobs as batches, and follow them to their results.")
public final class SubmitCommand extends GenpipeCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "the jobs: .jsonl, one POST /v1/jobs body per line; or .csv with a header"
            + " row of prompt, model, width, height, count, seed, steps, negative_prompt, provider, preset")
    Path file;

    @Option(names = "--batch-id", description = "the batches' id prefix (default: a new UUID)")
    String batchId;

    @Option(names = "--chunk", defaultValue = "1000", description = "jobs per batch (default ${DEFAULT-VALUE})")
    int chunk;

    @Option(names = "--max-waits", defaultValue = "20", description = "429s to wait out before giving up")
    int maxWaits;

    @Option(names = "--wait", description = "follow the batches until every job has ended")
    boolean waitForResults;

    @Option(names = "--results", description = "write each job's result here: JSONL, or CSV for a .csv name")
    Path results;

    @Option(names = "--images", description = "download the images into this directory")
    Path images;

    @Option(names = "--timeout", defaultValue = "PT30M", description = "the longest wait (default ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--poll-interval", defaultValue = "PT1S", description = "how often the sink is asked")
    Duration pollInterval;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<GenpipeApi> connected = connect(err);
        if (connected.isEmpty()) {
            return 2;
        }
        List<String> chunks;
        try {
            chunks = JsonlChunks.of(JobFiles.read(file), chunk);
        } catch (IllegalArgumentException e) {
            err.println(file + ": " + e.getMessage());
            return 2;
        }
        if (chunks.isEmpty()) {
            err.println(file + " has no jobs");
            return 2;
        }
        List<SubmittedBatch> batches = new ArrayList<>();
        try {
            if (!submit(connected.get(), chunks, batches, out, err)) {
                return 1;
            }
            out.println(batches.size() + (batches.size() == 1 ? " batch" : " batches") + " accepted");
            if (!waitForResults && results == null && images == null) {
                return 0;
            }
            BatchProgress.Totals totals = new BatchProgress(connected.get(), pollInterval)
                    .follow(batches, timeout, out);
            out.println(totals.line());
            if (results != null || images != null) {
                var rows = new JobResults(connected.get(), err).fetch(batches, images);
                if (results != null) {
                    JobResults.write(rows, results);
                    out.println("results of " + rows.size() + " jobs written to " + results);
                }
            }
            if (totals.running() > 0) {
                err.println(totals.running() + " jobs still running after " + timeout);
                return 4;
            }
            return totals.failed() > 0 ? 3 : 0;
        } catch (ApiException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    private boolean submit(GenpipeApi genpipe, List<String> chunks, List<SubmittedBatch> batches, PrintWriter out,
                           PrintWriter err) throws InterruptedException {
        String prefix = batchId != null ? batchId : UUID.randomUUID().toString();
        int waits = 0;
        for (int i = 0; i < chunks.size(); i++) {
            String id = chunks.size() == 1 ? prefix : prefix + "-" + (i + 1);
            HttpRequest.Builder request = genpipe.request(api.ingress().resolve("/v1/batches?batchId="
                            + URLEncoder.encode(id, StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(chunks.get(i)));
            HttpResponse<String> response = genpipe.send(request);
            if (response.statusCode() == 429 && waits < maxWaits) {
                long seconds = response.headers().firstValueAsLong("Retry-After").orElse(5);
                err.println("batch " + id + ": over the tenant's rate, waiting " + seconds + " s");
                waits++;
                Thread.sleep(Duration.ofSeconds(seconds).toMillis()); // the ingress said how long: a real wait
                i--;
                continue;
            }
            if (response.statusCode() != 202) {
                err.println("batch " + id + " refused: " + GenpipeApi.refusal(response).getMessage());
                err.println(i + " of " + chunks.size() + " batches were accepted before it");
                return false;
            }
            batches.add(accepted(id, response));
            out.println("batch " + id + " accepted: " + response.headers().firstValue("Location").orElse(""));
        }
        return true;
    }

    /** The ingress's answer: the batch's job ids and its status URL at the sink (Location when the body has none). */
    private static SubmittedBatch accepted(String id, HttpResponse<String> response) {
        JsonNode body = response.body() == null || response.body().isBlank()
                ? GenpipeApi.JSON.createObjectNode() : GenpipeApi.JSON.readTree(response.body());
        List<String> jobIds = new ArrayList<>();
        body.path("jobIds").forEach(jobId -> jobIds.add(jobId.asString()));
        String status = body.path("statusUrl").isString() ? body.path("statusUrl").asString()
                : response.headers().firstValue("Location").orElse("");
        return new SubmittedBatch(body.path("batchId").isString() ? body.path("batchId").asString() : id, jobIds,
                URI.create(status));
    }
}
