package io.genpipe.localstack;

import io.genpipe.cli.GenpipeCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.genpipe.localstack.TestPipeline.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code genpipe} command line against the whole local pipeline, as a team running bulk generation uses it: a
 * spreadsheet of prompts submitted, followed to the end and written out with its images; then status, estimate,
 * models and providers asked of the same services.
 */
class BulkCliIT {

    private final TestPipeline pipeline = TestPipeline.shared();

    @TempDir
    Path dir;

    @Test
    void aSpreadsheetOfPromptsIsSubmittedFollowedToTheEndAndWrittenOutWithItsImages() throws IOException {
        String batch = "cli-" + UUID.randomUUID();
        Path prompts = Files.writeString(dir.resolve("portraits.csv"), """
                prompt,width,height,count,seed
                "a lighthouse, at dawn",512,512,,7
                "a portrait in oil, ""the captain\""",,,2,
                a red hat,768,512,,
                """);
        Path results = dir.resolve("results.csv");
        Path images = dir.resolve("images");

        Run submitted = genpipe("submit", prompts.toString(), "--batch-id", batch, "--results", results.toString(),
                "--images", images.toString(), "--poll-interval", "PT0.2S", "--timeout", "PT2M");

        assertThat(submitted.exit()).as(submitted.output()).isZero();
        assertThat(submitted.output()).contains("batch " + batch + " accepted", "3/3 succeeded, 0 failed · total $",
                "results of 3 jobs written to " + results);
        List<Map<String, String>> rows = csv(results);
        assertThat(rows).extracting(row -> row.get("job_id"))
                .containsExactly(batch + "-1", batch + "-2", batch + "-3");
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.get("status")).isEqualTo("SUCCEEDED");
            assertThat(new BigDecimal(row.get("cost_usd"))).isPositive();
            assertThat(row.get("cost_known")).isEqualTo("true");
        });
        // The second row asked two images: both are downloaded, named after the job.
        assertThat(rows.get(1).get("images").split(" ")).hasSize(2);
        assertThat(rows.get(1).get("files").split(" ")).hasSize(2).allSatisfy(file -> {
            assertThat(Path.of(file)).isNotEmptyFile().hasParent(images);
            assertThat(Path.of(file).getFileName().toString()).startsWith(batch + "-2-");
        });
        // What the sink recorded is what the file says: the job's own cost and the CSV's prompt, quotes and all.
        JsonNode job = JSON.readTree(pipeline.getFromSink("/v1/jobs/" + batch + "-2").body());
        assertThat(job.path("totalCostUsd").decimalValue()).isEqualByComparingTo(rows.get(1).get("cost_usd"));
        assertThat(job.path("images")).hasSize(2);

        Run batchStatus = genpipe("status", "--batch", batch);
        assertThat(batchStatus.exit()).as(batchStatus.output()).isZero();
        assertThat(batchStatus.output()).contains("batch " + batch + ": 3/3 succeeded, 0 failed, 0 running · total $");

        Run jobStatus = genpipe("status", batch + "-1");
        assertThat(jobStatus.exit()).as(jobStatus.output()).isZero();
        assertThat(jobStatus.output()).contains("job " + batch + "-1: SUCCEEDED by ", "ATTEMPT", "image ");
    }

    @Test
    void aBatchsFailedJobsAreListedWithTheirReasons() throws IOException {
        String batch = "cli-" + UUID.randomUUID();
        // The simulator refuses a prompt with [unsafe] in it, as a vendor's safety filter would.
        Path prompts = Files.writeString(dir.resolve("mixed.jsonl"), """
                {"prompt":"a lighthouse"}
                {"prompt":"something [unsafe]"}
                """);

        Run submitted = genpipe("submit", prompts.toString(), "--batch-id", batch, "--wait", "--poll-interval",
                "PT0.2S", "--timeout", "PT2M");
        assertThat(submitted.exit()).as("some jobs failed: " + submitted.output()).isEqualTo(3);
        assertThat(submitted.output()).contains("1/2 succeeded, 1 failed");

        Run status = genpipe("status", "--batch", batch);
        assertThat(status.exit()).as(status.output()).isZero();
        assertThat(status.output()).containsPattern("(?m)^" + batch + "-2 +CONTENT_REJECTED ");
    }

    @Test
    void anEstimateModelsAndProvidersAreAskedOfTheRunningServices() throws IOException {
        Path prompts = Files.writeString(dir.resolve("estimate.jsonl"), """
                {"prompt":"a lighthouse"}
                {"prompt":"a lighthouse at dawn, seen from the sea"}
                {"prompt":"a hat","params":{"count":2}}
                """);

        Run estimate = genpipe("estimate", prompts.toString());
        assertThat(estimate.exit()).as(estimate.output()).isZero();
        // Two groups: the two one-image jobs together, and the two-image one.
        assertThat(estimate.output()).containsPattern("(?m)^2 +1024x1024 +fal fal-ai/flux/schnell")
                .containsPattern("(?m)^1 +1024x1024 +fal fal-ai/flux/schnell").contains("total: $");

        Run models = genpipe("models", "--operation", "text-to-image");
        assertThat(models.exit()).as(models.output()).isZero();
        assertThat(models.output()).containsPattern("(?m)^fal +fal-ai/flux/schnell +text-to-image +\\$0\\.003");

        Run providers = genpipe("providers");
        assertThat(providers.exit()).as(providers.output()).isZero();
        assertThat(providers.output()).containsPattern("(?m)^fal +UP +[1-9]");
    }

    @Test
    void aBadFileIsRefusedBeforeAnythingIsSentAndARefusedJobNamesItsField() throws IOException {
        String batch = "cli-" + UUID.randomUUID();
        Path bad = Files.writeString(dir.resolve("bad.csv"), "prompt,width\na hat,wide\n");

        Run refusedHere = genpipe("submit", bad.toString(), "--batch-id", batch);
        assertThat(refusedHere.exit()).isEqualTo(2);
        assertThat(refusedHere.output()).contains("row 2, column width: must be a whole number, was 'wide'");

        Path tooWide = Files.writeString(dir.resolve("wide.jsonl"), "{\"prompt\":\"a hat\",\"params\":{\"width\":99999}}\n");
        Run refusedThere = genpipe("submit", tooWide.toString(), "--batch-id", batch, "--wait");
        assertThat(refusedThere.exit()).isEqualTo(1);
        assertThat(refusedThere.output()).contains("batch " + batch + " refused: HTTP 4", "lines[0].params.width");

        HttpResponse<String> nothing = pipeline.getFromSink("/v1/batches/" + batch);
        assertThat(nothing.statusCode()).as("nothing was submitted").isEqualTo(404);
    }

    private record Run(int exit, String output) {
    }

    private Run genpipe(String... arguments) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new GenpipeCli(
                Map.of("GENPIPE_KEY", pipeline.pipeline().keys().tenantKey())::get));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        String[] withServices = new String[arguments.length + 4];
        System.arraycopy(arguments, 0, withServices, 0, arguments.length);
        withServices[arguments.length] = "--ingress";
        withServices[arguments.length + 1] = pipeline.pipeline().ingressUrl().toString();
        withServices[arguments.length + 2] = "--sink";
        withServices[arguments.length + 3] = pipeline.pipeline().sinkUrl().toString();
        int exit = cli.execute(withServices);
        return new Run(exit, out.toString());
    }

    private static List<Map<String, String>> csv(Path file) throws IOException {
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
            return rows.readAll();
        }
    }
}
