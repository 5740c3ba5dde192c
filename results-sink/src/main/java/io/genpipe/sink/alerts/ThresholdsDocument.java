package io.genpipe.sink.alerts;

import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.json.MessageFormatException;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The alert thresholds as the admin API and the {@code alert_thresholds} table write them: the configuration's names
 * in camelCase, durations as ISO-8601 text ({@code PT10M}), shares and money as plain numbers. The body of a
 * {@code PUT} is one of these, checked by {@link #read}: a member left out (or null), at any depth, takes the
 * configuration's value ({@link #over}), and members it does not know (the {@code version} and {@code changedBy} of a
 * GET's answer sent back) are ignored.
 *
 * <p>The limits are the API's, not the configuration's: what the configuration says is in force as it is, but an
 * admin cannot set a window the alert queries cannot serve, or a duration whose milliseconds overflow a long.
 */
record ThresholdsDocument(SuccessRate successRate, AverageTime averageTime, CostPerImage costPerImage,
                          PrimaryDown primaryDown, List<Integer> budgetPercent) {

    /** Windows, as for {@code GET /v1/stats}: the figures the window rules judge are the same. */
    static final Duration MIN_WINDOW = Duration.ofMinutes(1);
    static final Duration MAX_DURATION = Duration.ofDays(31);
    static final int MAX_BUDGET_PERCENT = 1000;
    /** Each threshold is an alert per budget and period: a handful is what anyone reads. */
    static final int MAX_BUDGET_THRESHOLDS = 10;

    record SuccessRate(Boolean enabled, BigDecimal below, String window, Integer minAttempts) {
    }

    record AverageTime(Boolean enabled, String above, String window, Integer minAttempts) {
    }

    record CostPerImage(Boolean enabled, BigDecimal usd, Integer images, String window, Integer minImages) {
    }

    /** @param provider empty for the first provider of the catalog's text-to-image route */
    record PrimaryDown(Boolean enabled, String provider, String after) {
    }

    /** Every member said: as a GET answers, and as a version is stored. */
    static ThresholdsDocument of(AlertThresholds t) {
        AlertSettings.SuccessRate s = t.successRate();
        AlertSettings.AverageTime a = t.averageTime();
        AlertSettings.CostPerImage c = t.costPerImage();
        AlertSettings.PrimaryDown p = t.primaryDown();
        return new ThresholdsDocument(
                new SuccessRate(s.enabled(), plain(s.below()), s.window().toString(), s.minAttempts()),
                new AverageTime(a.enabled(), a.above().toString(), a.window().toString(), a.minAttempts()),
                new CostPerImage(c.enabled(), plain(c.usd()), c.images(), c.window().toString(), c.minImages()),
                new PrimaryDown(p.enabled(), p.provider() == null ? "" : p.provider().strip(), p.after().toString()),
                t.budgetPercent().stream().sorted().distinct().toList());
    }

    /**
     * Reads and checks a {@code PUT} body.
     *
     * @throws MessageFormatException (a 400) naming the member at fault in the API's names, e.g.
     *                                {@code successRate.below} or {@code budgetPercent[1]}
     */
    static ThresholdsDocument read(byte[] body) {
        ThresholdsDocument document = JsonSerde.instance().read(body, ThresholdsDocument.class);
        if (document == null) {
            // The JSON null is valid JSON that says nothing: refused as a body that is not an object.
            throw new MessageFormatException(MessageFormatException.Problem.NOT_JSON, null, "must be a JSON object");
        }
        document.check();
        return document;
    }

    /** @throws MessageFormatException at the first member said that the API does not take */
    void check() {
        if (successRate != null) {
            if (successRate.below() != null && (successRate.below().signum() < 0
                    || successRate.below().compareTo(BigDecimal.ONE) > 0)) {
                throw invalid("successRate.below", "must be a share between 0 and 1 (0.9 is 90%)",
                        successRate.below());
            }
            window("successRate.window", successRate.window());
            atLeastOne("successRate.minAttempts", successRate.minAttempts());
        }
        if (averageTime != null) {
            duration("averageTime.above", averageTime.above(), Duration.ofMillis(1),
                    "a duration above PT0S, at most P31D");
            window("averageTime.window", averageTime.window());
            atLeastOne("averageTime.minAttempts", averageTime.minAttempts());
        }
        if (costPerImage != null) {
            if (costPerImage.usd() != null && costPerImage.usd().signum() < 0) {
                throw invalid("costPerImage.usd", "must be an amount of at least 0", costPerImage.usd());
            }
            atLeastOne("costPerImage.images", costPerImage.images());
            window("costPerImage.window", costPerImage.window());
            atLeastOne("costPerImage.minImages", costPerImage.minImages());
        }
        if (primaryDown != null) {
            duration("primaryDown.after", primaryDown.after(), Duration.ZERO, "a duration from PT0S to P31D");
        }
        if (budgetPercent != null) {
            if (budgetPercent.size() > MAX_BUDGET_THRESHOLDS) {
                throw invalid("budgetPercent", "may list at most " + MAX_BUDGET_THRESHOLDS + " thresholds",
                        budgetPercent.size());
            }
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < budgetPercent.size(); i++) {
                Integer percent = budgetPercent.get(i);
                String field = "budgetPercent[" + i + "]";
                if (percent == null || percent < 1 || percent > MAX_BUDGET_PERCENT) {
                    throw invalid(field, "must be a percent from 1 to " + MAX_BUDGET_PERCENT, percent);
                }
                if (!seen.add(percent)) {
                    throw invalid(field, "lists " + percent + " twice", percent);
                }
            }
        }
    }

    /** The thresholds this document says, each member it leaves out taken from {@code defaults}. */
    AlertThresholds over(AlertThresholds defaults) {
        AlertSettings.SuccessRate s = defaults.successRate();
        SuccessRate sr = successRate == null ? new SuccessRate(null, null, null, null) : successRate;
        AlertSettings.AverageTime a = defaults.averageTime();
        AverageTime at = averageTime == null ? new AverageTime(null, null, null, null) : averageTime;
        AlertSettings.CostPerImage c = defaults.costPerImage();
        CostPerImage cp = costPerImage == null ? new CostPerImage(null, null, null, null, null) : costPerImage;
        AlertSettings.PrimaryDown p = defaults.primaryDown();
        PrimaryDown pd = primaryDown == null ? new PrimaryDown(null, null, null) : primaryDown;
        return new AlertThresholds(or(budgetPercent, defaults.budgetPercent()),
                new AlertSettings.SuccessRate(or(sr.enabled(), s.enabled()), or(sr.below(), s.below()),
                        durationOr(sr.window(), s.window()), or(sr.minAttempts(), s.minAttempts())),
                new AlertSettings.AverageTime(or(at.enabled(), a.enabled()), durationOr(at.above(), a.above()),
                        durationOr(at.window(), a.window()), or(at.minAttempts(), a.minAttempts())),
                new AlertSettings.CostPerImage(or(cp.enabled(), c.enabled()), or(cp.usd(), c.usd()),
                        or(cp.images(), c.images()), durationOr(cp.window(), c.window()),
                        or(cp.minImages(), c.minImages())),
                new AlertSettings.PrimaryDown(or(pd.enabled(), p.enabled()),
                        pd.provider() == null ? p.provider() : pd.provider().strip(),
                        durationOr(pd.after(), p.after())));
    }

    /** The members, by their dotted names, whose values differ in {@code other}: "what changed", for the audit. */
    List<String> differences(ThresholdsDocument other) {
        Map<String, Object> mine = members();
        Map<String, Object> theirs = other.members();
        List<String> changed = new ArrayList<>();
        mine.forEach((member, value) -> {
            Object that = theirs.get(member);
            boolean same = value instanceof BigDecimal number && that instanceof BigDecimal thatNumber
                    ? number.compareTo(thatNumber) == 0 : Objects.equals(value, that);
            if (!same) {
                changed.add(member);
            }
        });
        return changed;
    }

    private Map<String, Object> members() {
        Map<String, Object> members = new LinkedHashMap<>();
        SuccessRate sr = successRate == null ? new SuccessRate(null, null, null, null) : successRate;
        members.put("successRate.enabled", sr.enabled());
        members.put("successRate.below", sr.below());
        members.put("successRate.window", sr.window());
        members.put("successRate.minAttempts", sr.minAttempts());
        AverageTime at = averageTime == null ? new AverageTime(null, null, null, null) : averageTime;
        members.put("averageTime.enabled", at.enabled());
        members.put("averageTime.above", at.above());
        members.put("averageTime.window", at.window());
        members.put("averageTime.minAttempts", at.minAttempts());
        CostPerImage cp = costPerImage == null ? new CostPerImage(null, null, null, null, null) : costPerImage;
        members.put("costPerImage.enabled", cp.enabled());
        members.put("costPerImage.usd", cp.usd());
        members.put("costPerImage.images", cp.images());
        members.put("costPerImage.window", cp.window());
        members.put("costPerImage.minImages", cp.minImages());
        PrimaryDown pd = primaryDown == null ? new PrimaryDown(null, null, null) : primaryDown;
        members.put("primaryDown.enabled", pd.enabled());
        members.put("primaryDown.provider", pd.provider());
        members.put("primaryDown.after", pd.after());
        members.put("budgetPercent", budgetPercent);
        return members;
    }

    private static void window(String field, String text) {
        duration(field, text, MIN_WINDOW, "a window from PT1M to P31D");
    }

    /** A duration member, when said: ISO-8601, from {@code least} to {@link #MAX_DURATION} ({@code range} in words). */
    private static void duration(String field, String text, Duration least, String range) {
        if (text == null) {
            return;
        }
        Duration duration;
        try {
            duration = Duration.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw invalid(field, "must be an ISO-8601 duration such as PT10M", text);
        }
        if (duration.compareTo(least) < 0 || duration.compareTo(MAX_DURATION) > 0) {
            throw invalid(field, "must be " + range, text);
        }
    }

    private static void atLeastOne(String field, Integer value) {
        if (value != null && value < 1) {
            throw invalid(field, "must be at least 1", value);
        }
    }

    /** @param was what the body said: text is quoted, a number written plain */
    private static MessageFormatException invalid(String field, String rule, Object was) {
        String said = was instanceof String text ? "'" + text + "'"
                : was instanceof BigDecimal number ? number.toPlainString() : String.valueOf(was);
        return MessageFormatException.invalid(field, rule + ", was " + said);
    }

    private static <T> T or(T given, T otherwise) {
        return given != null ? given : otherwise;
    }

    private static Duration durationOr(String given, Duration otherwise) {
        return given != null ? Duration.parse(given.strip()) : otherwise;
    }

    /** 0.90 as 0.9 and 1.50 as 1.5: one spelling, so that the audit compares like with like. */
    private static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
