package io.genpipe.cli.info;

import io.genpipe.cli.api.GenpipeApi;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

import java.io.PrintWriter;

/** {@code genpipe providers}: the system level and each provider over its live workers (GET /v1/providers/health). */
@Command(name = "providers", mixinStandardHelpOptions = true,
        description = "Show the system's level and each provider's health over its live workers.")
public final class ProvidersCommand extends ApiCommand {

    @Override
    JsonNode ask(GenpipeApi genpipe) {
        return genpipe.getFromIngress("/v1/providers/health");
    }

    @Override
    void show(JsonNode answer, PrintWriter out) {
        String reason = text(answer, "levelReason");
        out.println("system " + text(answer, "level") + (reason == null ? "" : " (" + reason + ")"));
        Table table = new Table("PROVIDER", "STATE", "WORKERS", "IN FLIGHT", "P50 MS", "FAILURES", "REASON");
        for (JsonNode provider : answer.path("providers")) {
            table.row(text(provider, "provider"), text(provider, "state"), provider.path("liveWorkers").asInt(),
                    text(provider, "inFlight"), text(provider, "latencyP50Ms"), text(provider, "consecutiveFailures"),
                    text(provider, "reason"));
        }
        table.print(out);
    }
}
