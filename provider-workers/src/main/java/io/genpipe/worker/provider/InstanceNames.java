package io.genpipe.worker.provider;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** Default instance names: the host name, so operators know where it runs, and a suffix that tells restarts apart. */
final class InstanceNames {

    private InstanceNames() {
    }

    static String generate() {
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        return hostName() + "-" + suffix;
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        String name = fromEnvironment;
        if (name == null || name.isBlank()) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                name = "worker";
            }
        }
        // The instance is half of a Kafka key and shows up in logs: keep it to plain characters.
        String cleaned = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
        return cleaned.isBlank() ? "worker" : cleaned;
    }
}
