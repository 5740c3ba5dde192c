package io.genpipe.localstack;

import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The results-sink's statistics of one batch, as the local run prints them. */
record BatchReport(int total, int succeeded, int failed, boolean complete, BigDecimal totalCostUsd,
                   Double averageDurationMs, List<ProviderShare> byProvider) {

    /** @param afterFallback of the jobs this provider completed, those that an earlier provider had failed */
    record ProviderShare(String provider, int succeeded, int afterFallback) {
    }

    static BatchReport from(JsonNode batch) {
        List<ProviderShare> shares = new ArrayList<>();
        for (JsonNode share : batch.path("byProvider")) {
            shares.add(new ProviderShare(share.path("provider").asString(), share.path("succeeded").asInt(),
                    share.path("afterFallback").asInt()));
        }
        JsonNode average = batch.path("averageDurationMs");
        return new BatchReport(batch.path("total").asInt(), batch.path("succeeded").asInt(),
                batch.path("failed").asInt(), batch.path("complete").asBoolean(),
                batch.path("totalCostUsd").decimalValue(),
                average.isNumber() ? average.asDouble() : null, shares);
    }

    int done() {
        return succeeded + failed;
    }

    /** e.g. {@code 23/23 succeeded · total $0.069 · avg 3.1 s · fal 19, openai 4 (4 after fallback)} */
    String summary() {
        StringBuilder line = new StringBuilder()
                .append(succeeded).append('/').append(total).append(" succeeded");
        if (failed > 0) {
            line.append(" · ").append(failed).append(" failed");
        }
        line.append(" · total $").append(totalCostUsd.setScale(3, RoundingMode.HALF_UP).toPlainString());
        if (averageDurationMs != null) {
            line.append(" · avg ").append(String.format(Locale.ROOT, "%.1f s", averageDurationMs / 1000.0));
        }
        String providers = byProvider.stream()
                .filter(share -> share.succeeded() > 0)
                .sorted(Comparator.comparingInt(ProviderShare::succeeded).reversed())
                .map(share -> share.provider() + " " + share.succeeded()
                        + (share.afterFallback() > 0 ? " (" + share.afterFallback() + " after fallback)" : ""))
                .collect(Collectors.joining(", "));
        if (!providers.isEmpty()) {
            line.append(" · ").append(providers);
        }
        return line.toString();
    }

    /** e.g. {@code 12/23 done · 11 succeeded · 1 failed · $0.036 so far} */
    String progress() {
        return done() + "/" + total + " done · " + succeeded + " succeeded · " + failed + " failed · $"
                + totalCostUsd.setScale(3, RoundingMode.HALF_UP).toPlainString() + " so far";
    }
}
