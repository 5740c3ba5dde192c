package io.genpipe.cli;

import io.genpipe.cli.bulk.SubmitCommand;
import io.genpipe.cli.dlq.DlqCommand;
import io.genpipe.cli.info.EstimateCommand;
import io.genpipe.cli.info.ModelsCommand;
import io.genpipe.cli.info.ProvidersCommand;
import io.genpipe.cli.info.StatusCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.function.Function;

/**
 * {@code genpipe}: the command line of genpipe's operators and bulk users. {@code genpipe submit FILE.jsonl|.csv}
 * sends a file of jobs to the ingress as batches and follows them to their results; {@code status}, {@code estimate},
 * {@code models} and {@code providers} ask the ingress and the sink; {@code dlq list|replay} works on the
 * dead-letter topic.
 */
@Command(name = "genpipe", mixinStandardHelpOptions = true, version = "genpipe 0.1.0",
        subcommands = {SubmitCommand.class, StatusCommand.class, EstimateCommand.class, ModelsCommand.class,
                ProvidersCommand.class, DlqCommand.class},
        description = "Operate genpipe: submit files of jobs and follow them, see status, estimates, models and"
                + " providers, replay dead letters.")
public final class GenpipeCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Function<String, String> environment;

    public GenpipeCli() {
        this(System::getenv);
    }

    /** @param environment where the commands read their variables (the API key); tests give their own */
    public GenpipeCli(Function<String, String> environment) {
        this.environment = environment;
    }

    public Function<String, String> environment() {
        return environment;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new GenpipeCli()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
