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
 * through another ingress instance a moment ago is seen. Changes through this instance are made one at a time. What
 * is left: two admins changing one provider through two instances within the same few milliseconds (between the read
 * and the broker's acknowledgement) both succeed, both at the same next version; the later record on the partition is
 * in force everywhere, and both are in the audit log. See docs/admin.md.
 */
@Component
class ProviderSettingsAdmin {

    static final String CHANGES = "genpipe.ingress.admin.changes";

    private final LiveCatalog catalog;
    private final SettingsLog log;
    private final SettingsPublisher publisher;
    private final AdminSettings settings;
    private final Clock clock;
    private final MeterRegistry meters;
    // One change at a time per instance: a check and its publish must not interleave with another's.
    private final ReentrantLock changing = new ReentrantLock();

    ProviderSettingsAdmin(LiveCatalog catalog, SettingsLog log, SettingsPublisher publisher, AdminSettings settings,
                          Clock clock, MeterRegistry meters) {
        this.catalog = catalog;
        this.log = log;
        this.publisher = publisher;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
    }

    List<ProviderAnswer> providers() {
        log.awaitCaughtUp(settings.readTimeout());
        return catalog.current().providers().values().stream()
                .map(provider -> new ProviderAnswer(provider.name(), provider.adapter(),
                        List.copyOf(provider.models().keySet()), SettingsAnswer.of(log.current(provider.name()))))
                .toList();
    }

    /** @throws UnknownProviderException when the catalog has no such provider */
    void requireProvider(String provider) {
        CatalogCheck.provider(catalog.current(), provider);
    }

    SettingsAnswer settings(String provider) {
        CatalogCheck.provider(catalog.current(), provider);
        log.awaitCaughtUp(settings.readTimeout());
        return SettingsAnswer.of(log.current(provider));
    }

    /** {@code PUT}: the provider's settings become {@code change}, at the next version. */
    SettingsAnswer update(String provider, SettingsChange change, String ifMatch, Caller caller) {
        CatalogProvider known = CatalogCheck.provider(catalog.current(), provider);
        CatalogCheck.models(known, change, "");
        return change(() -> {
            SettingsInForce current = log.current(provider);
            Versions.require(ifMatch, provider, current.version());
            return List.of(changed(current, Action.UPDATED, record(provider, change, current.nextVersion(), caller),
                    caller));
        }).get(provider);
    }

    /** {@code DELETE}: back to the catalog's defaults (a tombstone); nothing is published when they are in force. */
    SettingsAnswer reset(String provider, String ifMatch, Caller caller) {
        CatalogCheck.provider(catalog.current(), provider);
        Map<String, SettingsAnswer> answers = change(() -> {
            SettingsInForce current = log.current(provider);
            Versions.require(ifMatch, provider, current.version());
            return current.isDefault() ? List.of() : List.of(changed(current, Action.RESET, null, caller));
        });
        return answers.getOrDefault(provider, SettingsAnswer.of(log.current(provider)));
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
        Map<String, SettingsAnswer> changed = change(() -> {
            List<ProviderSettingsChanged> changes = new ArrayList<>();
            document.providers().forEach((provider, change) -> {
                SettingsInForce current = log.current(provider);
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
     * Under this instance's lock, with the settings topic read to its end: decides the changes, publishes them, and
     * applies them to this instance's view once acknowledged.
     */
    private Map<String, SettingsAnswer> change(ChangeDecision decision) {
        changing.lock();
        try {
            log.awaitCaughtUp(settings.readTimeout());
            List<ProviderSettingsChanged> changes = decision.decide();
            Map<String, SettingsAnswer> answers = new LinkedHashMap<>();
            if (changes.isEmpty()) {
                return answers;
            }
            Map<String, Long> offsets = publisher.publish(changes);
            for (ProviderSettingsChanged change : changes) {
                SettingsInForce state = new SettingsInForce(change.provider(), change.after(), change.version(),
                        offsets.get(change.provider()));
                log.published(state);
                answers.put(change.provider(), SettingsAnswer.of(state));
                meters.counter(CHANGES, "provider", change.provider(), "action", change.action().wireName())
                        .increment();
            }
            return answers;
        } finally {
            changing.unlock();
        }
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
                change.weight(), change.cooldown(), version);
    }

    @FunctionalInterface
    private interface ChangeDecision {
        List<ProviderSettingsChanged> decide();
    }
}
