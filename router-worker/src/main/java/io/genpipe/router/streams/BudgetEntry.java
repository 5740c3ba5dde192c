package io.genpipe.router.streams;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.router.routing.DecisionIds;

/**
 * What the routing tasks tell a tenant's budget ledger ({@link BudgetProcessor}), keyed by tenant so that one task
 * owns each ledger: a dispatch to reserve for before it is sent, and an attempt's result to settle.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = BudgetEntry.Reserve.class, name = "Reserve"),
        @JsonSubTypes.Type(value = BudgetEntry.Settle.class, name = "Settle")
})
sealed interface BudgetEntry permits BudgetEntry.Reserve, BudgetEntry.Settle {

    @JsonIgnore
    String tenant();

    /** The reservation's id: the dispatch's, which every result of that attempt can name again. */
    @JsonIgnore
    String dispatchId();

    /** A dispatch the router decided, held back until the ledger reserves its estimate. */
    record Reserve(AttemptDispatched dispatch) implements BudgetEntry {

        @Override
        public String tenant() {
            return dispatch.job().tenantId();
        }

        @Override
        public String dispatchId() {
            return dispatch.eventId();
        }
    }

    /** An attempt's result (or the TIMEOUT the router recorded): its reservation is released and its cost counted. */
    record Settle(AttemptResult result) implements BudgetEntry {

        @Override
        public String tenant() {
            return result.job().tenantId();
        }

        @Override
        public String dispatchId() {
            return DecisionIds.dispatch(result.job(), result.attempt());
        }
    }
}
