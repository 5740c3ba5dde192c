package io.genpipe.simulator.profile;

import io.genpipe.simulator.VendorProfile;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/** The current profile of one vendor. Each call reads it once, so a switch never splits a call. */
public final class ProfileSwitch {

    private final AtomicReference<VendorProfile> current;

    public ProfileSwitch(VendorProfile initial) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    }

    public VendorProfile current() {
        return current.get();
    }

    public void set(VendorProfile profile) {
        current.set(Objects.requireNonNull(profile, "profile"));
    }

    /** Atomically replaces the profile with {@code change(current)}; an exception leaves it unchanged. */
    public VendorProfile update(UnaryOperator<VendorProfile> change) {
        return current.updateAndGet(change);
    }
}
