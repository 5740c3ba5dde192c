package io.genpipe.ingress.admin;

import io.genpipe.access.Caller;
import io.genpipe.catalog.LiveCatalog;
import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.contracts.catalog.CatalogProvider;
import io.genpipe.contracts.event.GenpipeEvent;
import io.genpipe.contracts.event.ProviderSettings;
import io.genpipe.contracts.event.ProviderSettingsChanged;
import io.genpipe.contracts.event.ProviderSettingsChanged.Action;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The admin's use cases on provider settings: read them, change them, reset them, export and import them. Every
 * change is checked against the catalog, against the version the caller last saw ({@code If-Match}), published with
 * its audit record, and counted.
 *
 * <p>Versions are checked against the settings topic read to its end when the change came in, so a change made
 * through another ingress instance a moment ago is seen, and each version is claimed in the database in the
 * transaction that publishes it ({@link SettingsVersions}), so two instances that both saw version 3 cannot both make
 * version 4: the second is told the settings changed meanwhile (412), or, when it set no {@code If-Match}, decides again
 * from what is in force then. Changes through this instance are made one at a time. See docs/admin.md.
 */
@Component
class ProviderSettingsAdmin {

    static final String CHANGES = "genpipe.ingress.admin.changes";
    /** An unconditional change that lost its version to another instance's decides again, this many times at most. */
    private static final int ATTEMPTS = 3;

    private final LiveCatalog catalog;
    private final SettingsLog log;
    private final SettingsPublisher publisher;
    private final SettingsVersions versions;
    private final AdminSettings settings;
    private final Clock clock;
    private final MeterRegistry meters;
    // One change at a time per instance: a check and its publish must not interleave with another's.
    private final ReentrantLock changing = new ReentrantLock();

    ProviderSettingsAdmin(LiveCatalog catalog, SettingsLog log, SettingsPublisher publisher, SettingsVersions versions,
                          AdminSettings settings, Clock clock, MeterRegistry meters) {
        this.catalog = catalog;
        this.log = log;
        this.publisher = publisher;
        this.versions = versions;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
    }

    List<ProviderAnswer> providers() {
        log.awaitCaughtUp(settings.readTimeout());
        Map<String, Long> taken = versions.highest();
        return catalog.current().providers().values().stream()
                .map(provider -> new ProviderAnswer(provider.name(), provider.adapter(),
                        List.copyOf(provider.models().keySet()),
                        SettingsAnswer.of(inForce(provider.name(), taken.getOrDefault(provider.name(), 0L)))))
                .toList();
    }

    /** @throws UnknownProviderException when the catalog has no such provider */
    void requireProvider(String provider) {
        CatalogCheck.provider(catalog.current(), provider);
    }

    SettingsAnswer settings(String provider) {
        CatalogCheck.provider(catalog.current(), provider);
        log.awaitCaughtUp(settings.readTimeout());
        return SettingsAnswer.of(inForce(provider));
    }

    /** {@code PUT}: the provider's settings become {@code change}, at the next version. */
    SettingsAnswer update(String provider, SettingsChange change, String ifMatch, Caller caller) {
        CatalogProvider known = CatalogCheck.provider(catalog.current(), provider);
        CatalogCheck.models(known, change, "");
        return change(ifMatch, () -> {
            SettingsInForce current = inForce(provider);
            Versions.require(ifMatch, provider, current.version());
            return List.of(changed(current, Action.UPDATED, record(provider, change, current.nextVersion(), caller),
                    caller));
        }).get(provider);
    }

    /** {@code DELETE}: back to the catalog's defaults (a tombstone); nothing is published when they are in force. */
    SettingsAnswer reset(String provider, String ifMatch, Caller caller) {
        CatalogCheck.provider(catalog.current(), provider);
        Map<String, SettingsAnswer> answers = change(ifMatch, () -> {
            SettingsInForce current = inForce(provider);
            Versions.require(ifMatch, provider, current.version());
            return current.isDefault() ? List.of() : List.of(changed(current, Action.RESET, null, caller));
        });
        return answers.getOrDefault(provider, SettingsAnswer.of(inForce(provider)));
    }

    SettingsExport export(Caller caller) {
        Map<String, SettingsAnswer> providers = new LinkedHashMap<>();
        providers().forEach(provider -> providers.put(provider.provider(), provider.settings()));
        return new SettingsExport(clock.instant(), caller.keyId(), providers);
    }

    /**
     * Checks every provider of the document before publishing any, then publishes each whose settings it changes as
     * that admin's change, and returns once all are acknowledged.
     */
    ImportAnswer importAll(SettingsImport document, Caller caller) {
        Catalog now = catalog.current();
        document.providers().forEach((provider, change) -> {
            String field = "providers." + provider;
            CatalogProvider known = now.provider(provider).orElseThrow(() -> new SettingsRefusedException(field,
                    "the catalog has no provider '" + provider + "'; it has: "
                            + String.join(", ", now.providers().keySet())));
            CatalogCheck.models(known, change, field);
        });
        List<String> unchanged = new ArrayList<>();
        Map<String, SettingsAnswer> changed = change(null, () -> {
            List<ProviderSettingsChanged> changes = new ArrayList<>();
            unchanged.clear();
            document.providers().forEach((provider, change) -> {
                SettingsInForce current = inForce(provider);
                if (change.differsFrom(current.settings())) {
                    changes.add(changed(current, Action.IMPORTED,
                            record(provider, change, current.nextVersion(), caller), caller));
                } else {
                    unchanged.add(provider);
                }
            });
            return changes;
        });
        Map<String, Long> versions = new LinkedHashMap<>();
        changed.forEach((provider, answer) -> versions.put(provider, answer.version()));
        return new ImportAnswer(List.copyOf(changed.keySet()), List.copyOf(unchanged), versions);
    }

    /**
     * Under this instance's lock, with the settings topic read to its end: decides the changes, claims their versions
     * and publishes them, and applies them to this instance's view once acknowledged.
     *
     * @param ifMatch the precondition the decision checks: with one, a version taken meanwhile is a 412; without, the
     *                change is decided again from what is in force then
     */
    private Map<String, SettingsAnswer> change(String ifMatch, ChangeDecision decision) {
        boolean conditional = ifMatch != null && !ifMatch.isBlank() && !ifMatch.strip().equals("*");
        for (int attempt = 1; ; attempt++) {
            changing.lock();
            try {
                return publish(decision);
            } catch (SettingsVersions.VersionTakenException taken) {
                if (conditional) {
                    throw new VersionMismatchException(taken.provider(), ifMatch.strip(), taken.version());
                }
                if (attempt == ATTEMPTS) {
                    throw new SettingsUnavailableException("the settings kept changing meanwhile (" + ATTEMPTS
                            + " tries); try again", taken);
                }
            } finally {
                changing.unlock();
            }
        }
    }

    private Map<String, SettingsAnswer> publish(ChangeDecision decision) {
        log.awaitCaughtUp(settings.readTimeout());
        List<ProviderSettingsChanged> changes = decision.decide();
        Map<String, SettingsAnswer> answers = new LinkedHashMap<>();
        if (changes.isEmpty()) {
            return answers;
        }
        Map<String, Long> offsets = versions.claim(changes, () -> publisher.publish(changes));
        for (ProviderSettingsChanged change : changes) {
            SettingsInForce state = new SettingsInForce(change.provider(), change.after(), change.version(),
                    offsets.get(change.provider()));
            log.published(state);
            answers.put(change.provider(), SettingsAnswer.of(state));
            meters.counter(CHANGES, "provider", change.provider(), "action", change.action().wireName()).increment();
        }
        return answers;
    }

    /** The provider's settings in force, at the highest version any instance made (the database says which). */
    private SettingsInForce inForce(String provider) {
        return inForce(provider, versions.highest(provider));
    }

    private SettingsInForce inForce(String provider, long taken) {
        SettingsInForce seen = log.current(provider);
        if (taken <= seen.version()) {
            return seen;
        }
        // A version is claimed before its record is acknowledged and committed after: read the topic once more.
        log.awaitCaughtUp(settings.readTimeout());
        seen = log.current(provider);
        // Still behind: compaction dropped the last record of a reset provider, whose versions the database kept.
        return taken <= seen.version() ? seen
                : new SettingsInForce(provider, seen.settings(), taken, seen.offset());
    }

    private ProviderSettingsChanged changed(SettingsInForce current, Action action, ProviderSettings after,
                                            Caller caller) {
        return new ProviderSettingsChanged(GenpipeEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), clock.instant(),
                current.provider(), action, caller.keyId(), current.nextVersion(), current.settings(), after);
    }

    private ProviderSettings record(String provider, SettingsChange change, long version, Caller caller) {
        Instant now = clock.instant();
        // changedBy is the key's id, whatever the body said: the audit trail must name who really changed it.
        return new ProviderSettings(GenpipeEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), now, provider,
                change.enabled(), change.disabledModels(), change.reason(), caller.keyId(), change.priority(),
                change.weight(), change.cooldown(), version, change.defaultSteps(), change.presets());
    }

    @FunctionalInterface
    private interface ChangeDecision {
        List<ProviderSettingsChanged> decide();
    }
}
