package io.genpipe.cli.info;

import io.genpipe.cli.api.GenpipeApi;
import io.genpipe.cli.bulk.JobFiles;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code genpipe estimate prompts.jsonl|.csv} or {@code genpipe estimate --prompt "…" --count 23}: what the jobs would
 * cost before they are submitted (POST /v1/estimate). A file's jobs are asked in groups of the same model, params and
 * routing, each priced at its longest prompt (an upper bound where the price counts prompt tokens). The total is
 * what the router would choose now; it is unknown, never $0, when a group's choice cannot be priced or no provider
 * able to do it is up.
 */
@Command(name = "estimate", mixinStandardHelpOptions = true, description = "Estimate what jobs would cost.")
public final class EstimateCommand extends ApiCommand {

    /** The ingress's largest batch, and so the most jobs one estimate may count. */
    private static final int MOST_PER_ESTIMATE = 1000;

    @ArgGroup(multiplicity = "1")
    Jobs jobs;

    static final class Jobs {
        @Parameters(index = "0", description = "a .jsonl or .csv file of jobs, as genpipe submit takes")
        Path file;

        @ArgGroup(exclusive = false)
        One one;
    }

    static final class One {
        @Option(names = "--prompt", required = true, description = "the prompt")
        String prompt;

        @Option(names = "--count", defaultValue = "1", description = "how many such jobs")
        int count;

        @Option(names = "--model", description = "the model to ask for")
        String model;
    }

    @Override
    JsonNode ask(GenpipeApi genpipe) {
        ArrayNode answers = GenpipeApi.JSON.createArrayNode();
        for (ObjectNode request : requests()) {
            answers.add(genpipe.postToIngress("/v1/estimate", GenpipeApi.JSON.writeValueAsString(request)));
        }
        return answers;
    }

    private List<ObjectNode> requests() {
        if (jobs.one != null) {
            ObjectNode request = GenpipeApi.JSON.createObjectNode().put("prompt", jobs.one.prompt)
                    .put("count", jobs.one.count);
            if (jobs.one.model != null) {
                request.put("model", jobs.one.model);
            }
            return List.of(request);
        }
        List<String> lines;
        try {
            lines = JobFiles.read(jobs.file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Jobs alike but for their prompt are one estimate of their number (up to the most one may count), priced
        // at the longest prompt.
        List<ObjectNode> groups = new ArrayList<>();
        Map<String, ObjectNode> filling = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line;
            try {
                line = GenpipeApi.JSON.readTree(lines.get(i));
            } catch (JacksonException e) {
                throw new IllegalArgumentException(jobs.file + ": job " + (i + 1) + " is not JSON: "
                        + e.getOriginalMessage());
            }
            if (!(line instanceof ObjectNode job)) {
                throw new IllegalArgumentException(jobs.file + ": job " + (i + 1) + " is not a JSON object");
            }
            String prompt = job.path("prompt").asString("");
            job.remove(List.of("prompt", "callbackUrl"));
            ObjectNode group = filling.get(job.toString());
            if (group == null || group.path("count").asInt() == MOST_PER_ESTIMATE) {
                group = job.deepCopy().put("count", 0).put("prompt", "");
                groups.add(group);
                filling.put(job.toString(), group);
            }
            group.put("count", group.path("count").asInt() + 1);
            if (prompt.length() > group.path("prompt").asString().length()) {
                group.put("prompt", prompt);
            }
        }
        return groups;
    }

    @Override
    void show(JsonNode answers, PrintWriter out) {
        Table table = new Table("JOBS", "SIZE", "CHOSEN", "PER JOB", "TOTAL", "P50");
        BigDecimal total = BigDecimal.ZERO;
        boolean unknown = false;
        for (JsonNode answer : answers) {
            JsonNode chosen = answer.path("chosen");
            boolean priced = chosen.isObject() && chosen.path("total").isNumber()
                    && !chosen.path("costUnknown").asBoolean();
            if (priced) {
                total = total.add(chosen.path("total").decimalValue());
            } else {
                unknown = true;
            }
            table.row(answer.path("jobs").asInt(), text(answer, "size"),
                    chosen.isObject() ? text(chosen, "provider") + " " + text(chosen, "model") : "none up now",
                    chosen.isObject() ? usd(chosen.path("costPerJob"), chosen.path("costUnknown").asBoolean()) : null,
                    chosen.isObject() ? usd(chosen.path("total"), chosen.path("costUnknown").asBoolean()) : null,
                    chosen.isObject() && chosen.path("expectedTime").path("p50Ms").isNumber()
                            ? chosen.path("expectedTime").path("p50Ms").asLong() / 1000.0 + " s" : null);
        }
        table.print(out);
        String sum = "$" + total.stripTrailingZeros().toPlainString();
        out.println(unknown ? "total: unknown (at least " + sum + "; some jobs have no price or no provider up now)"
                : "total: " + sum);
    }
}
