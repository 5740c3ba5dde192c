package io.genpipe.cli.bulk;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code genpipe submit jobs.jsonl [--batch-id portraits] [--ingress http://127.0.0.1:8080]}: a file of jobs, one
 * {@code POST /v1/jobs} body per line, sent to the ingress as JSONL batches of at most {@code --chunk} lines, batch ids
 * {@code <batch-id>-1}, {@code -2}, …; over a tenant's rate the command waits the ingress's Retry-After and goes on.
 * The API key comes from an environment variable ({@code --key-env}, default {@code GENPIPE_KEY}), never from the
 * command line, where any user of the machine could read it.
 */
@Command(name = "submit", mixinStandardHelpOptions = true, description = "Submit a JSONL file of jobs as batches.")
public final class SubmitCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "the JSONL file: one job per line, e.g. {\"prompt\":\"a lighthouse\"}")
    Path file;

    @Option(names = "--ingress", defaultValue = "${env:GENPIPE_INGRESS_URL:-http://127.0.0.1:8080}",
            description = "the ingress (default: $GENPIPE_INGRESS_URL or ${DEFAULT-VALUE})")
    URI ingress;

    @Option(names = "--batch-id", description = "the batches' id prefix (default: a new UUID)")
    String batchId;

    @Option(names = "--chunk", defaultValue = "1000", description = "lines per batch (default ${DEFAULT-VALUE})")
    int chunk;

    @Option(names = "--key-env", defaultValue = "GENPIPE_KEY",
            description = "the environment variable holding the API key (default ${DEFAULT-VALUE})")
    String keyEnv;

    @Option(names = "--max-waits", defaultValue = "20", description = "429s to wait out before giving up")
    int maxWaits;

    @Spec
    CommandSpec spec;

    /** For tests: where the key is read from. */
    java.util.function.Function<String, String> environment = System::getenv;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String key = environment.apply(keyEnv);
        if (key == null || key.isBlank()) {
            err.println("no API key: set " + keyEnv + " to a genpipe key (the local run prints one)");
            return 2;
        }
        List<String> chunks = JsonlChunks.of(Files.readAllLines(file, StandardCharsets.UTF_8), chunk);
        if (chunks.isEmpty()) {
            err.println(file + " has no jobs");
            return 2;
        }
        String prefix = batchId != null ? batchId : UUID.randomUUID().toString();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        int waits = 0;
        for (int i = 0; i < chunks.size(); i++) {
            String id = chunks.size() == 1 ? prefix : prefix + "-" + (i + 1);
            HttpRequest request = HttpRequest.newBuilder(ingress.resolve("/v1/batches?batchId="
                            + URLEncoder.encode(id, StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/x-ndjson")
                    .header("Authorization", "Bearer " + key)
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(chunks.get(i))).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 429 && waits < maxWaits) {
                long seconds = response.headers().firstValueAsLong("Retry-After").orElse(5);
                err.println("batch " + id + ": over the tenant's rate, waiting " + seconds + " s");
                waits++;
                Thread.sleep(Duration.ofSeconds(seconds).toMillis()); // the ingress said how long: a real wait
                i--;
                continue;
            }
            if (response.statusCode() != 202) {
                err.println("batch " + id + " refused: HTTP " + response.statusCode() + " " + response.body());
                err.println((i) + " of " + chunks.size() + " batches were accepted before it");
                return 1;
            }
            out.println("batch " + id + " accepted: " + response.headers().firstValue("Location").orElse(""));
        }
        out.println(chunks.size() + " batches accepted");
        return 0;
    }
}
