package io.genpipe.router.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * How much each thing the router can score counts when it orders the providers that qualify for a job. Seed 001's
 * {@code prioritizeCost}, {@code prioritizeQuality} and {@code prioritizeSpeed} are one weight each; an operator may
 * combine them per operation. Each score is relative to the other candidates of the same decision, from 0 (worst)
 * to 1 (best), so weights mean shares, whatever the units.
 *
 * @param priority the catalog route's order (seed 003's priority lists): the first step scores 1, the last 0
 * @param cost     the cheapest estimate scores 1; an unknown price scores 0
 * @param quality  the catalog's quality score, best 1
 * @param speed    the expected latency (what this router observed lately, else the catalog's), fastest 1
 * @param load     the calls in flight at the provider's workers, least 1; an unknown load scores 0
 * @param reliability the share of recent attempts that succeeded, as this router observed it, best 1; unknown 0
 */
public record Weights(double priority, double cost, double quality, double speed, double load, double reliability) {

    /** The route's order alone: the catalog's priority list, as before any policy. */
    public static final Weights PRIORITY = new Weights(1, 0, 0, 0, 0, 0);
    public static final Weights COST = new Weights(0, 1, 0, 0, 0, 0);
    public static final Weights QUALITY = new Weights(0, 0, 1, 0, 0, 0);
    public static final Weights SPEED = new Weights(0, 0, 0, 1, 0, 0);
    public static final Weights LOAD = new Weights(0, 0, 0, 0, 1, 0);

    public Weights {
        for (double weight : new double[] {priority, cost, quality, speed, load, reliability}) {
            if (weight < 0 || Double.isNaN(weight) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("policy weights are numbers of at least 0, was " + weight);
            }
        }
        if (priority + cost + quality + speed + load + reliability == 0) {
            throw new IllegalArgumentException("at least one policy weight must be more than 0");
        }
    }

    public double total() {
        return priority + cost + quality + speed + load + reliability;
    }

    /** The policy's name in dispatch reasons and metrics: "cost" for one weight, "weighted cost 0.7 speed 0.3" else. */
    public String describe() {
        if (this.equals(PRIORITY)) {
            return "priority";
        }
        List<String> parts = new ArrayList<>();
        add(parts, "priority", priority);
        add(parts, "cost", cost);
        add(parts, "quality", quality);
        add(parts, "speed", speed);
        add(parts, "load", load);
        add(parts, "reliability", reliability);
        if (parts.size() == 1) {
            return parts.get(0).substring(0, parts.get(0).indexOf(' '));
        }
        return "weighted " + String.join(" ", parts);
    }

    /** Each weight's share to two places, "0.7" rather than "0.70" (no String.format: this is on every decision). */
    private void add(List<String> parts, String name, double weight) {
        if (weight > 0) {
            double share = Math.round(weight / total() * 100) / 100.0;
            String shown = share == Math.rint(share) ? Long.toString((long) share) : Double.toString(share);
            parts.add(name + " " + shown);
        }
    }
}
