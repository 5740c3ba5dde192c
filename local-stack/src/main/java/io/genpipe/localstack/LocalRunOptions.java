package io.genpipe.localstack;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Flags of the local run.
 *
 * @param falOutage    start with the fal simulator in a full outage: every job completes through fallback
 * @param kafkaPort    where the broker listens on 127.0.0.1 (default 9092), for kcat and other producers
 * @param dataDir      Kafka log, PostgreSQL data and generated images (default ./data)
 * @param demo         submit the 23-portrait batch and print its statistics (default on)
 * @param exitAfterDemo stop once the demo has printed its statistics, instead of running until Ctrl-C
 * @param infraOnly    start Kafka, PostgreSQL and the simulator only, and say how to run each service from its jar
 * @param providers    {@code --providers=fal,openai}: the catalog providers the workers serve; empty (the default) serves
 *                     every one. The others have no worker, so the router passes over them
 * @param real         {@code --real=fal,openai}: the served providers sent to the vendor itself, at the catalog's base
 *                     URL with the key from the provider's {@code api-key-env} variable (FAL_KEY, ...); every other
 *                     provider goes to the simulator. Empty by default. Checked against the catalog by
 *                     {@link ProviderMix}
 */
record LocalRunOptions(boolean falOutage, int kafkaPort, Path dataDir, boolean demo, boolean exitAfterDemo,
                       boolean infraOnly, List<String> providers, List<String> real) {

    static final String USAGE = """
            usage: local-stack [--fal-outage] [--kafka-port=9092] [--data-dir=data] [--no-demo] [--exit-after-demo]
                               [--infra-only] [--providers=fal,openai,...] [--real=fal,openai,...]
            """;

    LocalRunOptions {
        providers = List.copyOf(providers);
        real = List.copyOf(real);
    }

    static LocalRunOptions parse(String... args) {
        boolean falOutage = false;
        int kafkaPort = 9092;
        Path dataDir = Path.of("data");
        boolean demo = true;
        boolean exitAfterDemo = false;
        boolean infraOnly = false;
        List<String> providers = List.of();
        List<String> real = List.of();
        for (String arg : Arrays.stream(args).flatMap(a -> Arrays.stream(a.trim().split("\\s+"))).toList()) {
            if (arg.isEmpty()) {
                continue;
            }
            if (arg.equals("--fal-outage")) {
                falOutage = true;
            } else if (arg.startsWith("--kafka-port=")) {
                kafkaPort = Integer.parseInt(arg.substring("--kafka-port=".length()));
            } else if (arg.startsWith("--data-dir=")) {
                dataDir = Path.of(arg.substring("--data-dir=".length()));
            } else if (arg.equals("--no-demo")) {
                demo = false;
            } else if (arg.equals("--exit-after-demo")) {
                exitAfterDemo = true;
            } else if (arg.equals("--infra-only")) {
                infraOnly = true;
            } else if (arg.startsWith("--providers=")) {
                providers = names(arg);
            } else if (arg.startsWith("--real=")) {
                real = names(arg);
            } else {
                throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
            }
        }
        if (infraOnly && exitAfterDemo) {
            throw new IllegalArgumentException("--infra-only runs no demo to exit after\n" + USAGE);
        }
        return new LocalRunOptions(falOutage, kafkaPort, dataDir, demo && !infraOnly, exitAfterDemo, infraOnly,
                providers, real);
    }

    /** {@code --real=fal,openai}: the names, each once, in the order given. */
    private static List<String> names(String arg) {
        String option = arg.substring(0, arg.indexOf('='));
        List<String> names = Arrays.stream(arg.substring(option.length() + 1).split(","))
                .map(String::strip).filter(name -> !name.isEmpty()).distinct().toList();
        if (names.isEmpty()) {
            throw new IllegalArgumentException(option + " needs provider names, e.g. " + option + "=fal,openai\n" + USAGE);
        }
        return names;
    }
}
