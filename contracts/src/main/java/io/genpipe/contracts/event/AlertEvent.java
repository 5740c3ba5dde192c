package io.genpipe.contracts.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.genpipe.contracts.json.MessageFormatException;

import java.time.LocalDate;
import java.util.regex.Pattern;

/**
 * An alert crossing its threshold, or coming back from it, on {@code genpipe.alerts.v1} (key {@link #key()}, so an
 * alert's raise and its clearing keep their order). Written by the results sink: once per crossing, never per event;
 * an alert is raised again only after it has cleared. The {@code type} field names the variant on the wire.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = AlertRaised.class, name = "AlertRaised"),
        @JsonSubTypes.Type(value = AlertCleared.class, name = "AlertCleared")
})
public sealed interface AlertEvent extends GenpipeEvent permits AlertRaised, AlertCleared {

    /** {@code all}, or {@code provider:<name>} or {@code tenant:<name>}. */
    Pattern SCOPE = Pattern.compile("all|(provider|tenant):\\S+");

    /** The crossing: a raise and the clearing that ends it carry the same id. */
    String alertId();

    AlertRule rule();

    /** What tripped: {@code all}, {@code provider:fal}, {@code tenant:studio-north}. */
    String scope();

    /** For a budget alert, the period whose budget it is; absent otherwise. */
    BudgetPeriod period();

    /** The period's first day, with {@link #period()}. */
    LocalDate periodStart();

    @JsonIgnore
    default String key() {
        String key = rule().wireName() + "/" + scope();
        return period() == null ? key : key + "/" + period().wireName() + ":" + periodStart();
    }

    /** The checks both variants share. */
    static void check(String alertId, AlertRule rule, String scope, BudgetPeriod period, LocalDate periodStart) {
        Require.text(alertId, "alertId");
        Require.present(rule, "rule");
        Require.text(scope, "scope");
        if (!SCOPE.matcher(scope).matches()) {
            throw MessageFormatException.invalid("scope",
                    "must be all, provider:<name> or tenant:<name>, was '" + scope + "'");
        }
        if ((period == null) != (periodStart == null)) {
            throw MessageFormatException.invalid("periodStart",
                    "comes with period, and only with it");
        }
        if (period != null && !period.isStart(periodStart)) {
            throw MessageFormatException.invalid("periodStart",
                    "must be the first day of the " + period.wireName() + ", was " + periodStart);
        }
        if ((rule == AlertRule.BUDGET) != (period != null)) {
            throw MessageFormatException.invalid("period",
                    "a budget alert names its period, and only a budget alert does");
        }
    }
}
