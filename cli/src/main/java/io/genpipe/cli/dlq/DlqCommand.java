package io.genpipe.cli.dlq;

import picocli.CommandLine.Command;

/** {@code genpipe dlq}: the dead letters on {@code genpipe.dlq.v1}. */
@Command(name = "dlq", mixinStandardHelpOptions = true, subcommands = {ListCommand.class, ReplayCommand.class},
        description = "List dead letters, or replay chosen ones to the topic they came from.")
public final class DlqCommand {
}
