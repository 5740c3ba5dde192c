package io.genpipe.simulator.openai;

import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * An image model as OpenAI lists it, with what the simulator needs to accept or refuse a call to it.
 *
 * @param id                 the model id
 * @param created            the day OpenAI published it (listed as epoch seconds)
 * @param shutdownDate       from this day (UTC) on calls fail with {@code model_not_found}; null while it lives
 * @param freeSizes          takes any {@code WxH} within the gpt-image-2 rule, not only the three presets
 * @param extendedQualities  takes {@code quality} {@code xhigh} and {@code max} too (the 2.5 and 2.6 families)
 */
record OpenAiModel(String id, LocalDate created, LocalDate shutdownDate, boolean freeSizes, boolean extendedQualities) {

    boolean isShutDown(LocalDate today) {
        return shutdownDate != null && !today.isBefore(shutdownDate);
    }

    /** The entry of {@code GET /v1/models}; fields go out in snake_case, {@code shutdown_date} even when null. */
    ListedModel listed() {
        return new ListedModel(id, "model", created.atStartOfDay(ZoneOffset.UTC).toEpochSecond(), "system",
                shutdownDate == null ? null : shutdownDate.toString());
    }

    record ListedModel(String id, String object, long created, String ownedBy, String shutdownDate) {
    }
}
