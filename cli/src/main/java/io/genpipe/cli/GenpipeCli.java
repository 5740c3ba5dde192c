package io.genpipe.cli;

import io.genpipe.cli.bulk.SubmitCommand;
import io.genpipe.cli.dlq.DlqCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code genpipe}: the command line of genpipe's operators and bulk users. {@code genpipe dlq list|replay} works on
 * the dead-letter topic; {@code genpipe submit FILE.jsonl} sends a file of jobs to the ingress as batches.
 */
@Command(name = "genpipe", mixinStandardHelpOptions = true, version = "genpipe 0.1.0",
        subcommands = {DlqCommand.class, SubmitCommand.class},
        description = "Operate genpipe: replay dead letters, submit files of jobs.")
public final class GenpipeCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new GenpipeCli()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
