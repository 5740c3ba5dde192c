package io.genpipe.cli.api;

import io.genpipe.cli.GenpipeCli;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Optional;

/** A command that talks to genpipe's HTTP APIs: where they are ({@link ApiOptions}) and the key to call them with. */
public abstract class GenpipeCommand {

    @Mixin
    protected ApiOptions api;

    @Spec
    protected CommandSpec spec;

    @ParentCommand
    protected GenpipeCli cli;

    /** The API with the key from the environment; empty, having said which variable to set, without one. */
    protected Optional<GenpipeApi> connect(PrintWriter err) {
        Optional<GenpipeApi> connected = GenpipeApi.connect(api, cli.environment());
        if (connected.isEmpty()) {
            err.println(api.noKey());
        }
        return connected;
    }
}
