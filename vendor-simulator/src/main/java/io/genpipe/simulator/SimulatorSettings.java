package io.genpipe.simulator;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to start a {@link VendorSimulator}: one server per {@link Vendor}, each with its own port, key and profile.
 *
 * @param host       address every server binds to (and that their URLs name); 127.0.0.1 by default
 * @param ports      port per vendor; a vendor left out, or 0, gets a free one
 * @param keys       the only key each vendor accepts; a vendor left out accepts any non-empty key in its scheme
 *                   ({@code Authorization: Key <k>} for fal, {@code Bearer <k>} for OpenAI)
 * @param profiles   starting profile per vendor; a vendor left out starts {@link VendorProfile#healthy()}
 * @param randomSeed seed of the generators that draw latencies and failures, so runs are reproducible
 */
public record SimulatorSettings(String host, Map<Vendor, Integer> ports, Map<Vendor, String> keys,
                                Map<Vendor, VendorProfile> profiles, long randomSeed) {

    public static final long DEFAULT_SEED = 20_260_901L;

    public SimulatorSettings {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        Map<Vendor, Integer> allPorts = new EnumMap<>(Vendor.class);
        Map<Vendor, String> givenKeys = new EnumMap<>(Vendor.class);
        Map<Vendor, VendorProfile> allProfiles = new EnumMap<>(Vendor.class);
        for (Vendor vendor : Vendor.values()) {
            Integer port = ports == null ? null : ports.get(vendor);
            allPorts.put(vendor, requirePort(vendor, port == null ? 0 : port));
            String key = keys == null ? null : keys.get(vendor);
            if (key != null && !key.isBlank()) {
                givenKeys.put(vendor, key);
            }
            VendorProfile profile = profiles == null ? null : profiles.get(vendor);
            allProfiles.put(vendor, profile == null ? VendorProfile.healthy() : profile);
        }
        ports = Collections.unmodifiableMap(allPorts);
        keys = Collections.unmodifiableMap(givenKeys);
        profiles = Collections.unmodifiableMap(allProfiles);
    }

    /** 127.0.0.1, ephemeral ports, any key accepted, every vendor healthy and fast, a fixed seed. */
    public static SimulatorSettings defaults() {
        return new SimulatorSettings("127.0.0.1", Map.of(), Map.of(), Map.of(), DEFAULT_SEED);
    }

    public int port(Vendor vendor) {
        return ports.get(vendor);
    }

    /** The only key {@code vendor} accepts, or null when it accepts any. */
    public String key(Vendor vendor) {
        return keys.get(vendor);
    }

    public SimulatorSettings withPort(Vendor vendor, int port) {
        Map<Vendor, Integer> changed = new EnumMap<>(ports);
        changed.put(Objects.requireNonNull(vendor, "vendor"), port);
        return new SimulatorSettings(host, changed, keys, profiles, randomSeed);
    }

    /** {@code vendor} accepts only {@code key}; null accepts any key again. */
    public SimulatorSettings withKey(Vendor vendor, String key) {
        Map<Vendor, String> changed = new EnumMap<>(Vendor.class);
        changed.putAll(keys);
        changed.remove(Objects.requireNonNull(vendor, "vendor"));
        if (key != null) {
            changed.put(vendor, key);
        }
        return new SimulatorSettings(host, ports, changed, profiles, randomSeed);
    }

    public SimulatorSettings withProfile(Vendor vendor, VendorProfile profile) {
        Map<Vendor, VendorProfile> changed = new EnumMap<>(profiles);
        changed.put(Objects.requireNonNull(vendor, "vendor"), Objects.requireNonNull(profile, "profile"));
        return new SimulatorSettings(host, ports, keys, changed, randomSeed);
    }

    public SimulatorSettings withRandomSeed(long randomSeed) {
        return new SimulatorSettings(host, ports, keys, profiles, randomSeed);
    }

    /** Keys are secrets: this names only which vendors have one. */
    @Override
    public String toString() {
        Map<Vendor, String> keyed = new EnumMap<>(Vendor.class);
        for (Vendor vendor : Vendor.values()) {
            keyed.put(vendor, keys.containsKey(vendor) ? "***" : "any");
        }
        return "SimulatorSettings[host=" + host + ", ports=" + ports + ", keys=" + keyed + ", profiles=" + profiles
                + ", randomSeed=" + randomSeed + "]";
    }

    private static int requirePort(Vendor vendor, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("the port of " + vendor + " must be within [0, 65535], was " + port);
        }
        return port;
    }
}
