package io.genpipe.bench;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The benches' command line, parsed once for all of them: {@code --name=value} options, bare {@code --flags}, and
 * the repeatable {@code --property=key=value}. Arguments may come space-separated in one string (as
 * {@code exec:java}'s do). An option no bench declares is refused with the bench's usage.
 */
public final class BenchArgs {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Set<String> flagsGiven;

    private BenchArgs(Set<String> flagsGiven) {
        this.flagsGiven = flagsGiven;
    }

    /**
     * @param options the names of the bench's {@code --name=value} options, {@code property} aside
     * @param flags   the names of its bare flags
     */
    public static BenchArgs parse(String[] args, Set<String> options, Set<String> flags, String usage) {
        BenchArgs parsed = new BenchArgs(new HashSet<>());
        for (String arg : Arrays.stream(args).flatMap(a -> Arrays.stream(a.trim().split("\\s+"))).toList()) {
            if (arg.isEmpty()) {
                continue;
            }
            String name = arg.startsWith("--") ? arg.substring(2).split("=", 2)[0] : "";
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
            if (name.equals("property") && value != null && value.contains("=")) {
                int split = value.indexOf('=');
                parsed.properties.put(value.substring(0, split), value.substring(split + 1));
            } else if (options.contains(name) && value != null) {
                parsed.values.put(name, value);
            } else if (flags.contains(name) && value == null) {
                parsed.flagsGiven.add(name);
            } else {
                throw new IllegalArgumentException("unknown option " + arg + "\n" + usage);
            }
        }
        return parsed;
    }

    public int integer(String name, int fallback) {
        return value(name, Integer::parseInt, fallback);
    }

    public long longer(String name, long fallback) {
        return value(name, Long::parseLong, fallback);
    }

    public double decimal(String name, double fallback) {
        return value(name, Double::parseDouble, fallback);
    }

    /** The option's text, or {@code null} when it was not given. */
    public String text(String name) {
        return values.get(name);
    }

    public boolean flag(String name) {
        return flagsGiven.contains(name);
    }

    /** The {@code --property=key=value} pairs, in the order given. */
    public Map<String, String> properties() {
        return properties;
    }

    private <T> T value(String name, Function<String, T> parse, T fallback) {
        String value = values.get(name);
        return value == null ? fallback : parse.apply(value);
    }
}
