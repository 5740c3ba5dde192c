package io.genpipe.simulator.profile;

import io.genpipe.simulator.VendorProfile;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/** The current profile of one vendor. Each call reads it once, so a switch never splits a call. */
public final class ProfileSwitch {

    private final AtomicReference<VendorProfile> current;
    private final List<Runnable> beforeChange = new CopyOnWriteArrayList<>();

    public ProfileSwitch(VendorProfile initial) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    }

    public VendorProfile current() {
        return current.get();
    }

    public void set(VendorProfile profile) {
        Objects.requireNonNull(profile, "profile");
        beforeChange.forEach(Runnable::run);
        current.set(profile);
    }

    /** Atomically replaces the profile with {@code change(current)}; an exception leaves it unchanged. */
    public VendorProfile update(UnaryOperator<VendorProfile> change) {
        beforeChange.forEach(Runnable::run);
        return current.updateAndGet(change);
    }

    /**
     * Runs {@code settle} before every change. State that is worked out lazily from the clock (fal's queue) settles
     * up to now first, so what happened before the change is decided under the profile it happened under.
     */
    public void beforeChange(Runnable settle) {
        beforeChange.add(Objects.requireNonNull(settle, "settle"));
    }
}
