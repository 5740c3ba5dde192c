package io.genpipe.worker.adapter.leonardo;

import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A training Leonardo accepted, as it is journaled: its custom model's id and what the create answer said it charged,
 * so that a worker resuming it after a crash polls it (rather than paying for a second one) and bills what Leonardo
 * reported, which it never saw. Written {@code <customModelId>;credits=<n>} or {@code <customModelId>;usd=<amount>},
 * or the bare id when the answer stated no charge.
 *
 * @param customModelId the id, which goes into a URL path: only what a UUID is made of
 * @param credits       {@code apiCreditCost} (or {@code cost} in CREDITS); null when not stated
 * @param usd           {@code cost} in DOLLARS (pay-as-you-go accounts [obs]); null when not stated
 */
record LeonardoTrainingJob(String customModelId, BigDecimal credits, BigDecimal usd) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern JOURNALED = Pattern.compile(
            "([A-Za-z0-9-]{1,64})(?:;(credits|usd)=([0-9]{1,12}(?:\\.[0-9]{1,12})?))?");

    LeonardoTrainingJob {
        if (customModelId == null || !ID.matcher(customModelId).matches()) {
            throw new IllegalArgumentException("not a custom model id");
        }
    }

    /**
     * The job {@code POST /models} answered, {@code sdTrainingJob}: its charge from {@code apiCreditCost}, or from
     * {@code cost {amount, unit: CREDITS|DOLLARS}}, which the published schema names as its successor [obs].
     */
    static LeonardoTrainingJob accepted(String customModelId, JsonNode sdTrainingJob) {
        JsonNode credits = sdTrainingJob.path("apiCreditCost");
        if (credits.isNumber() && credits.decimalValue().signum() >= 0) {
            return new LeonardoTrainingJob(customModelId, credits.decimalValue(), null);
        }
        JsonNode cost = sdTrainingJob.path("cost");
        BigDecimal amount = amount(cost.path("amount"));
        String unit = cost.path("unit").asString("");
        if (amount != null && unit.equals("CREDITS")) {
            return new LeonardoTrainingJob(customModelId, amount, null);
        }
        if (amount != null && unit.equals("DOLLARS")) {
            return new LeonardoTrainingJob(customModelId, null, amount);
        }
        return new LeonardoTrainingJob(customModelId, null, null);
    }

    /** The schema has the amount as a string ("0.0147"); a number is taken too. */
    private static BigDecimal amount(JsonNode node) {
        try {
            BigDecimal amount = node.isNumber() ? node.decimalValue()
                    : node.isString() ? new BigDecimal(node.stringValue().strip()) : null;
            return amount == null || amount.signum() < 0 ? null : amount;
        } catch (NumberFormatException notAnAmount) {
            return null;
        }
    }

    static boolean isId(String value) {
        return value != null && ID.matcher(value).matches();
    }

    String journaled() {
        if (credits != null) {
            return customModelId + ";credits=" + credits.toPlainString();
        }
        return usd == null ? customModelId : customModelId + ";usd=" + usd.toPlainString();
    }

    /** The job a journal entry names; empty for an entry this adapter did not write. */
    static Optional<LeonardoTrainingJob> parse(String journaled) {
        Matcher entry = JOURNALED.matcher(journaled == null ? "" : journaled);
        if (!entry.matches()) {
            return Optional.empty();
        }
        BigDecimal amount = entry.group(3) == null ? null : new BigDecimal(entry.group(3));
        boolean inCredits = "credits".equals(entry.group(2));
        return Optional.of(new LeonardoTrainingJob(entry.group(1), inCredits ? amount : null,
                inCredits ? null : amount));
    }
}
