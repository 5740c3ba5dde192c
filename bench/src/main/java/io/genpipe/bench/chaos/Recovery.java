package io.genpipe.bench.chaos;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;

/**
 * How the pipeline's output came back after a fault, from each job's first outcome time (the broker's timestamp,
 * wall clock) bucketed per second of the run. The rate before the fault is the median of the 10 seconds before it;
 * the pipeline counts as recovered at the first second, once the broken part was back, with at least half that rate.
 *
 * @param recovery  from the fault to the end of that second; {@code null} without a fault, or when it never came back
 * @param drain     from the run's start to its last outcome
 * @param perSecond the outcomes of each second, for the report
 */
record Recovery(Duration recovery, Duration drain, String perSecond) {

    private static final int BEFORE_SECONDS = 10;

    static Recovery of(Collection<Long> outcomeWallMs, long startWallMs, long faultAtMs, long mendedAtMs,
                       boolean faulted) {
        if (outcomeWallMs.isEmpty()) {
            return new Recovery(null, Duration.ZERO, "");
        }
        long last = outcomeWallMs.stream().mapToLong(Long::longValue).max().orElseThrow();
        int seconds = (int) Math.max(1, (last - startWallMs) / 1000 + 1);
        int[] perSecond = new int[seconds];
        for (long at : outcomeWallMs) {
            int second = (int) ((at - startWallMs) / 1000);
            if (second >= 0 && second < seconds) {
                perSecond[second]++;
            }
        }
        Duration drain = Duration.ofMillis(last - startWallMs);
        String series = String.join(" ", Arrays.stream(perSecond).mapToObj(Integer::toString).toList());
        if (!faulted) {
            return new Recovery(null, drain, series);
        }
        int faultSecond = (int) (faultAtMs / 1000);
        int[] before = Arrays.copyOfRange(perSecond, Math.max(0, faultSecond - BEFORE_SECONDS),
                Math.min(seconds, faultSecond));
        Arrays.sort(before);
        double half = before.length == 0 ? 1 : Math.max(1, before[before.length / 2] / 2.0);
        for (int second = (int) (mendedAtMs / 1000); second < seconds; second++) {
            if (perSecond[second] >= half) {
                return new Recovery(Duration.ofMillis(Math.max(0, (second + 1) * 1000L - faultAtMs)), drain, series);
            }
        }
        return new Recovery(null, drain, series);
    }
}
