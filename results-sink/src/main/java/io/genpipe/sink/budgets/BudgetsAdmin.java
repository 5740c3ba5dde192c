package io.genpipe.sink.budgets;

import io.genpipe.access.Caller;
import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.contracts.event.SpendScope;
import io.genpipe.sink.VersionTag;
import io.genpipe.sink.budgets.BudgetVersions.Action;
import io.genpipe.sink.budgets.BudgetVersions.Change;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The admin's use cases on budgets: read the ones in force, set one, delete one, export them all, import them back,
 * and list the changes. A change is checked (amounts, a provider the catalog has) and against the version the caller
 * last saw ({@code If-Match}), stored as the next version of that budget ({@link BudgetVersions}: two instances
 * cannot both make it) with who made it, counted in {@value #CHANGES}{action}, and published at once: the scope's
 * snapshots of today and this month go out again carrying the new limit (so the routers hold dispatches by it), and
 * its budget alerts are checked.
 */
@Component
class BudgetsAdmin {

    static final String CHANGES = "genpipe.sink.budgets.changes";
    /** A change that lost its version to a concurrent one decides again from what is in force, this many times. */
    static final int ATTEMPTS = 3;

    private static final Logger log = LoggerFactory.getLogger(BudgetsAdmin.class);

    private final BudgetVersions versions;
    private final SpendSnapshots snapshots;
    private final Map<String, BudgetSettings.Configured> configured;
    private final ObjectProvider<Catalog> catalog;
    private final Clock clock;
    private final MeterRegistry meters;

    BudgetsAdmin(BudgetVersions versions, SpendSnapshots snapshots, BudgetSettings settings,
                 ObjectProvider<Catalog> catalog, Clock clock, MeterRegistry meters) {
        this.versions = versions;
        this.snapshots = snapshots;
        this.configured = settings.budgets().stream()
                .collect(Collectors.toUnmodifiableMap(b -> key(b.scope(), b.name()), b -> b));
        this.catalog = catalog;
        this.clock = clock;
        this.meters = meters;
    }

    /** What one import did. */
    record Imported(List<BudgetInForce> changed, List<BudgetInForce> unchanged) {
    }

    List<BudgetInForce> all() {
        return versions.allInForce();
    }

    /** @throws BadBudget 404 when no budget is in force for that scope and name */
    BudgetInForce one(SpendScope scope, String name) {
        BudgetInForce inForce = versions.inForce(scope, name);
        if (!inForce.exists()) {
            throw BadBudget.unknown(scope.wireName(), name);
        }
        return inForce;
    }

    /**
     * {@code PUT}: the admin's limits, standing over a configured budget of the same scope and name. Limits the
     * admin's budget already says make no version.
     */
    BudgetInForce put(SpendScope scope, String name, BudgetsDocument.Limits limits, String ifMatch, Caller caller) {
        requireProvider(scope, name, "name");
        BudgetState after = new BudgetState(limits.dailyUsd(), limits.monthlyUsd(), BudgetSource.OPERATOR);
        return change(scope, name, ifMatch, current -> current.exists()
                && current.state().source() == BudgetSource.OPERATOR
                && current.state().sameLimits(after.dailyUsd(), after.monthlyUsd())
                ? Optional.empty()
                : Optional.of(change(current, Action.UPDATED, after, caller)));
    }

    /**
     * {@code DELETE}: the admin's budget is withdrawn, and the configured one of that scope and name (this instance's
     * {@code genpipe.sink.budgets}), if any, is in force again at once. A configured budget no admin changed stays:
     * it is the configuration's to remove, and nothing changes.
     *
     * @return what is in force after it; its state is null when no budget is left
     * @throws BadBudget 404 when there is no budget to delete
     */
    BudgetInForce delete(SpendScope scope, String name, String ifMatch, Caller caller) {
        BudgetSettings.Configured underneath = configured.get(key(scope, name));
        BudgetState after = underneath == null ? null : BudgetState.of(underneath);
        return change(scope, name, ifMatch, current -> {
            if (!current.exists()) {
                throw BadBudget.unknown(scope.wireName(), name);
            }
            return current.state().source() == BudgetSource.CONFIGURATION
                    ? Optional.empty()
                    : Optional.of(change(current, Action.DELETED, after, caller));
        });
    }

    /**
     * {@code POST .../import}: every budget of the document becomes an admin's with the document's limits, in one
     * transaction. A budget whose limits in force already say what the document says (the export of this state sent
     * back) is left alone: no version. Budgets the document does not name are left as they are. The versions in the
     * document are not preconditions: an import says what the budgets must become.
     *
     * @param wanted checked as a whole ({@link BudgetsDocument#imported}); the providers against the catalog here,
     *               all of them before anything is stored
     */
    Imported importAll(List<BudgetsDocument.Wanted> wanted, Caller caller) {
        wanted.forEach(w -> requireProvider(w.scope(), w.name(), w.field("name")));
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            List<Change> changes = new ArrayList<>();
            List<BudgetInForce> unchanged = new ArrayList<>();
            for (BudgetsDocument.Wanted w : wanted) {
                BudgetInForce current = versions.inForce(w.scope(), w.name());
                if (current.exists() && current.state().sameLimits(w.dailyUsd(), w.monthlyUsd())) {
                    unchanged.add(current);
                } else {
                    changes.add(change(current, Action.IMPORTED,
                            new BudgetState(w.dailyUsd(), w.monthlyUsd(), BudgetSource.OPERATOR), caller));
                }
            }
            try {
                versions.apply(changes);
            } catch (BudgetVersions.VersionTaken taken) {
                continue;
            }
            changes.forEach(this::applied);
            return new Imported(changes.stream().map(BudgetsAdmin::inForce).toList(), unchanged);
        }
        throw BadBudget.busy(ATTEMPTS);
    }

    /** See {@link BudgetVersions#newestFirst}. */
    List<Change> audit(SpendScope scope, String name, Instant since, int limit) {
        return versions.newestFirst(scope, name, since, limit);
    }

    /**
     * Decides the change from what is in force, checks {@code If-Match} against it and stores it. When a concurrent
     * change took that version first, decides again: a conditional request then fails its precondition (412), an
     * unconditional one is made over the newer version.
     */
    private BudgetInForce change(SpendScope scope, String name, String ifMatch,
                                 Function<BudgetInForce, Optional<Change>> decision) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            BudgetInForce current = versions.inForce(scope, name);
            VersionTag.require(ifMatch, current.version(), current.title());
            Optional<Change> change = decision.apply(current);
            if (change.isEmpty()) {
                return current;
            }
            try {
                versions.apply(List.of(change.get()));
            } catch (BudgetVersions.VersionTaken taken) {
                continue;
            }
            applied(change.get());
            return inForce(change.get());
        }
        throw BadBudget.busy(ATTEMPTS);
    }

    private Change change(BudgetInForce current, Action action, BudgetState after, Caller caller) {
        // changedBy is the key's id, whatever a body says: the audit must name who really changed it.
        return new Change(current.scope(), current.name(), current.nextVersion(), action, current.state(), after,
                caller.keyId(), clock.instant());
    }

    /** Counted, and published: the routers see the new limit now, not at the scope's next spend. */
    private void applied(Change change) {
        meters.counter(CHANGES, "action", change.action().wireName()).increment();
        try {
            snapshots.publishCurrent(change.scope(), change.name());
        } catch (RuntimeException e) {
            // The change is stored; a 500 would only make the admin change it again.
            log.warn("budget {}:{} version {} stored, its spend snapshots not published ({}); they follow its next"
                    + " change of spend, or the next start", change.scope().wireName(), change.name(),
                    change.version(), e.toString());
        }
    }

    private static BudgetInForce inForce(Change change) {
        return new BudgetInForce(change.scope(), change.name(), change.after(), change.version(), change.changedBy(),
                change.changedAt());
    }

    /** A provider's budget must name a provider of the catalog: a misspelt one would limit nothing, silently. */
    private void requireProvider(SpendScope scope, String name, String field) {
        Catalog known = catalog.getIfAvailable();
        if (scope != SpendScope.PROVIDER || known == null || known.provider(name).isPresent()) {
            return;
        }
        throw BadBudget.unknownProvider(field, "The catalog has no provider '" + name + "'; it has: "
                + String.join(", ", known.providers().keySet()));
    }

    private static String key(SpendScope scope, String name) {
        return scope.wireName() + ":" + name;
    }
}
