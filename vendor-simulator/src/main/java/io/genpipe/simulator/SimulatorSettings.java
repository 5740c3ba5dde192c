package io.genpipe.simulator;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to start a {@link VendorSimulator}.
 *
 * @param host       address both servers bind to (and that their URLs name); 127.0.0.1 by default
 * @param falPort    port of the fal.ai server; 0 picks a free one
 * @param openAiPort port of the OpenAI server; 0 picks a free one
 * @param falKey     the only accepted fal key, or null to accept any non-empty {@code Authorization: Key <k>}
 * @param openAiKey  the only accepted OpenAI key, or null to accept any non-empty {@code Authorization: Bearer <k>}
 * @param profiles   starting profile per vendor; a vendor left out starts {@link VendorProfile#healthy()}
 * @param randomSeed seed of the generators that draw latencies and failures, so runs are reproducible
 */
public record SimulatorSettings(String host, int falPort, int openAiPort, String falKey, String openAiKey,
                                Map<Vendor, VendorProfile> profiles, long randomSeed) {

    public static final long DEFAULT_SEED = 20_260_901L;

    public SimulatorSettings {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        requirePort("falPort", falPort);
        requirePort("openAiPort", openAiPort);
        falKey = blankToNull(falKey);
        openAiKey = blankToNull(openAiKey);
        Map<Vendor, VendorProfile> complete = new EnumMap<>(Vendor.class);
        for (Vendor vendor : Vendor.values()) {
            VendorProfile given = profiles == null ? null : profiles.get(vendor);
            complete.put(vendor, given == null ? VendorProfile.healthy() : given);
        }
        profiles = Collections.unmodifiableMap(complete);
    }

    /** 127.0.0.1, ephemeral ports, any key accepted, both vendors healthy and fast, a fixed seed. */
    public static SimulatorSettings defaults() {
        return new SimulatorSettings("127.0.0.1", 0, 0, null, null, Map.of(), DEFAULT_SEED);
    }

    public SimulatorSettings withPorts(int falPort, int openAiPort) {
        return new SimulatorSettings(host, falPort, openAiPort, falKey, openAiKey, profiles, randomSeed);
    }

    public SimulatorSettings withKeys(String falKey, String openAiKey) {
        return new SimulatorSettings(host, falPort, openAiPort, falKey, openAiKey, profiles, randomSeed);
    }

    public SimulatorSettings withProfile(Vendor vendor, VendorProfile profile) {
        Map<Vendor, VendorProfile> changed = new EnumMap<>(profiles);
        changed.put(vendor, Objects.requireNonNull(profile, "profile"));
        return new SimulatorSettings(host, falPort, openAiPort, falKey, openAiKey, changed, randomSeed);
    }

    public SimulatorSettings withRandomSeed(long randomSeed) {
        return new SimulatorSettings(host, falPort, openAiPort, falKey, openAiKey, profiles, randomSeed);
    }

    /** Keys are secrets: this names only whether one is set. */
    @Override
    public String toString() {
        return "SimulatorSettings[host=" + host + ", falPort=" + falPort + ", openAiPort=" + openAiPort
                + ", falKey=" + (falKey == null ? "any" : "***") + ", openAiKey=" + (openAiKey == null ? "any" : "***")
                + ", profiles=" + profiles + ", randomSeed=" + randomSeed + "]";
    }

    private static void requirePort(String name, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(name + " must be within [0, 65535], was " + port);
        }
    }

    private static String blankToNull(String key) {
        return key == null || key.isBlank() ? null : key;
    }
}
