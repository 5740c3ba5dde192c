package io.genpipe.router.policy;

import io.genpipe.contracts.event.ExperimentArm;
import io.genpipe.contracts.event.Operation;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A weighted A/B split (seed 001) of one operation's jobs between arms, each a provider, optionally one of its
 * models. An arm without a provider is the control: the job is routed as if there were no experiment. Only jobs that
 * ask nothing of their routing (no model, no {@code routing}) are split: one that asks for something gets it.
 *
 * <p>The arm is a pure function of the experiment and the job id, so a job read again, or re-routed by another router
 * instance, gets the same arm; over many jobs the arms' shares converge to their weights.
 *
 * @param id        names the experiment on every dispatch, result and outcome of its jobs
 * @param operation the wire name of the operation it splits
 * @param enabled   false stops assigning new jobs, keeping the settings
 */
public record ExperimentSettings(String id, String operation, @DefaultValue("true") boolean enabled,
                                 List<Arm> arms) {

    /** What {@link ExperimentArm} accepts on the events. */
    static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    public ExperimentSettings {
        String key = "genpipe.routing.policy.experiments[" + id + "]";
        if (id == null || !SAFE_NAME.matcher(id).matches()) {
            throw new IllegalArgumentException(key + ".id: 1 to 128 letters, digits, '.', '_', ':' or '-', was " + id);
        }
        Operation.fromWireName(operation).orElseThrow(() -> new IllegalArgumentException(
                key + ".operation: unknown operation '" + operation + "'"));
        arms = arms == null ? List.of() : List.copyOf(arms);
        if (arms.size() < 2) {
            throw new IllegalArgumentException(key + ".arms: an experiment needs at least two arms");
        }
        if (arms.stream().mapToDouble(Arm::weight).sum() <= 0) {
            throw new IllegalArgumentException(key + ".arms: the weights must add up to more than 0");
        }
        if (arms.stream().map(Arm::name).distinct().count() != arms.size()) {
            throw new IllegalArgumentException(key + ".arms: arm names must differ");
        }
    }

    public boolean splits(Operation candidate) {
        return enabled && candidate.wireName().equals(operation);
    }

    /** The job's arm: where its id hashes on the arms' cumulative weights. */
    public Arm assign(String jobId) {
        double total = arms.stream().mapToDouble(Arm::weight).sum();
        double point = unitHash(id + "/" + jobId) * total;
        double upTo = 0;
        for (Arm arm : arms) {
            upTo += arm.weight();
            if (point < upTo) {
                return arm;
            }
        }
        return arms.get(arms.size() - 1);
    }

    public Optional<Arm> arm(String name) {
        return arms.stream().filter(arm -> arm.name().equals(name)).findFirst();
    }

    /**
     * A uniform point in [0, 1) from the text: FNV-1a 64 over its UTF-8 bytes, then a 64-bit finaliser (FNV alone
     * spreads similar ids such as job-1, job-2 poorly in its high bits). Stable across JVMs and versions, unlike
     * {@code String.hashCode} mixing, which is all a split needs.
     */
    static double unitHash(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        hash *= 0xc4ceb9fe1a85ec53L;
        hash ^= hash >>> 33;
        return (hash >>> 11) * 0x1.0p-53;
    }

    /**
     * @param name     the arm's name on the events
     * @param provider the provider the arm sends its jobs to first; absent for the control arm
     * @param model    optional: the provider's model the arm uses
     * @param weight   its share, relative to the other arms'
     */
    public record Arm(String name, String provider, String model, @DefaultValue("1") double weight) {

        public Arm {
            if (name == null || !SAFE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("an arm's name is 1 to 128 letters, digits, '.', '_', ':' or '-',"
                        + " was " + name);
            }
            if (weight < 0 || Double.isNaN(weight)) {
                throw new IllegalArgumentException("an arm's weight is at least 0, was " + weight);
            }
        }

        public boolean isControl() {
            return provider == null || provider.isBlank();
        }
    }
}
