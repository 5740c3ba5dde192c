package io.genpipe.cli.info;

import io.genpipe.cli.api.GenpipeApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** {@code genpipe models [--operation text-to-image] [--available]}: the catalog's models, from GET /v1/models. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the catalog's models: operations, price of a default job, time, lifecycle, availability.")
public final class ModelsCommand extends ApiCommand {

    @Option(names = "--operation", description = "only models that do it (text-to-image, image-edit, model-training)")
    String operation;

    @Option(names = "--available", description = "only models a job can get now")
    boolean available;

    @Override
    JsonNode ask(GenpipeApi genpipe) {
        List<String> query = new ArrayList<>();
        if (available) {
            query.add("available=true");
        }
        if (operation != null) {
            query.add("operation=" + URLEncoder.encode(operation, StandardCharsets.UTF_8));
        }
        return genpipe.getFromIngress("/v1/models" + (query.isEmpty() ? "" : "?" + String.join("&", query)));
    }

    @Override
    void show(JsonNode answer, PrintWriter out) {
        Table table = new Table("PROVIDER", "MODEL", "OPERATIONS", "DEFAULT JOB", "P50", "LIFECYCLE", "AVAILABLE");
        for (JsonNode model : answer.path("models")) {
            String lifecycle = text(model.path("lifecycle"), "status");
            if (model.path("lifecycle").path("shutdownOn").isString()) {
                lifecycle += " " + model.path("lifecycle").path("shutdownOn").asString();
            }
            JsonNode availability = model.path("availability");
            table.row(text(model, "provider"), text(model, "id"),
                    String.join(",", model.path("operations").valueStream().map(JsonNode::asString).toList()),
                    usd(model.path("defaultJobCost"), model.path("costUnknown").asBoolean()),
                    model.path("expectedTime").path("p50Ms").isNumber()
                            ? model.path("expectedTime").path("p50Ms").asLong() / 1000.0 + " s" : null,
                    lifecycle,
                    availability.path("available").asBoolean() ? "yes" : "no: " + text(availability, "reason"));
        }
        table.print(out);
        out.println(answer.path("totalAvailable").asInt() + " available");
    }
}
