package io.genpipe.cli.dlq;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code genpipe dlq list}: one line per dead letter, with where it came from and why it was refused. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List dead letters (never their contents).")
final class ListCommand implements Callable<Integer> {

    @Mixin
    Selection selection;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<DeadLetter> letters = new DeadLetterReader(selection.bootstrapServers).read(selection.predicate());
        letters.forEach(letter -> spec.commandLine().getOut().println(letter.line()));
        spec.commandLine().getOut().println(letters.size() + " dead letters");
        return 0;
    }
}
