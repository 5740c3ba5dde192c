package io.genpipe.cli.api;

import picocli.CommandLine.Option;

import java.net.URI;

/**
 * Where genpipe answers, for every command that talks to it: the ingress (submissions, the catalog, health), the sink
 * (job and batch status), and the environment variable that holds the API key. The key itself is never an option: a
 * command line is readable by any user of the machine.
 */
public final class ApiOptions {

    @Option(names = "--ingress", defaultValue = "${env:GENPIPE_INGRESS_URL:-http://127.0.0.1:8080}",
            description = "the ingress (default: $GENPIPE_INGRESS_URL or ${DEFAULT-VALUE})")
    URI ingress;

    @Option(names = "--sink", defaultValue = "${env:GENPIPE_SINK_URL:-http://127.0.0.1:8083}",
            description = "the results sink, for status (default: $GENPIPE_SINK_URL or ${DEFAULT-VALUE})")
    URI sink;

    @Option(names = "--key-env", defaultValue = "GENPIPE_KEY",
            description = "the environment variable holding the API key (default ${DEFAULT-VALUE})")
    String keyEnv;

    public URI ingress() {
        return ingress;
    }

    public URI sink() {
        return sink;
    }

    public String keyEnv() {
        return keyEnv;
    }

    /** What a command says when the key's variable is unset: which variable, and where a key comes from. */
    public String noKey() {
        return "no API key: set " + keyEnv + " to a genpipe key (the local run prints one)";
    }
}
