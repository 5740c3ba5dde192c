package io.genpipe.cli.info;

import io.genpipe.cli.api.ApiException;
import io.genpipe.cli.api.GenpipeApi;
import io.genpipe.cli.api.GenpipeCommand;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * A command that asks genpipe one thing and shows the answer: as a table, or as genpipe's own JSON with
 * {@code --json}. Exit status 0; 1 when genpipe refused or could not be reached (its problem printed); 2 without a key.
 */
abstract class ApiCommand extends GenpipeCommand implements Callable<Integer> {

    @Option(names = "--json", description = "print genpipe's JSON answer as it is")
    boolean json;

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<GenpipeApi> connected = connect(err);
        if (connected.isEmpty()) {
            return 2;
        }
        try {
            JsonNode answer = ask(connected.get());
            if (json) {
                out.println(GenpipeApi.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
            } else {
                show(answer, out);
            }
            out.flush();
            return 0;
        } catch (ApiException e) {
            err.println(e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
    }

    abstract JsonNode ask(GenpipeApi genpipe);

    abstract void show(JsonNode answer, PrintWriter out);

    static String text(JsonNode node, String member) {
        JsonNode value = node.path(member);
        return value.isNull() || value.isMissingNode() ? null : value.asString();
    }

    /** {@code $0.003}, or {@code unknown} for a price that cannot tell: never $0. */
    static String usd(JsonNode amount, boolean unknown) {
        return unknown || !amount.isNumber() ? "unknown" : "$" + amount.decimalValue().stripTrailingZeros()
                .toPlainString();
    }
}
