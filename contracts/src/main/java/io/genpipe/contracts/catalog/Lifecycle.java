package io.genpipe.contracts.catalog;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Where a model is in its vendor's lifecycle. Vendors retire models every few months, so these dates are data: they
 * come from the catalog, and from vendors that publish them (OpenAI's {@code shutdown_date}).
 *
 * @param deprecatedOn when the vendor announced the end; optional
 * @param shutdownOn   from this day (UTC) on the vendor refuses the model; optional
 * @param replacement  the model the vendor recommends instead; optional
 */
public record Lifecycle(LocalDate deprecatedOn, LocalDate shutdownOn, String replacement) {

    public static final Lifecycle ACTIVE = new Lifecycle(null, null, null);

    public Lifecycle {
        replacement = replacement == null || replacement.isBlank() ? null : replacement.strip();
    }

    public boolean isShutDown(LocalDate today) {
        return shutdownOn != null && !today.isBefore(shutdownOn);
    }

    /** Not shut down yet, but within {@code days} of it. */
    public boolean shutsDownWithin(LocalDate today, long days) {
        return shutdownOn != null && !isShutDown(today) && ChronoUnit.DAYS.between(today, shutdownOn) <= days;
    }

    public Optional<String> replacementModel() {
        return Optional.ofNullable(replacement);
    }

    /** "model shut down on 2026-12-01; replacement gpt-image-2.6-sunburst". */
    public String shutDownReason() {
        return "model shut down on " + shutdownOn + (replacement == null ? "" : "; replacement " + replacement);
    }
}
