package io.genpipe.catalog;

import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.catalog.Lifecycle;
import io.genpipe.contracts.catalog.ModelRef;
import io.genpipe.contracts.event.ModelLifecycleReported;
import io.genpipe.contracts.event.ProviderSettings.PresetChoice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The catalog as the service knows it now: the configured one, with the shutdown dates vendors have published
 * since (OpenAI's {@code shutdown_date}). Readers take {@link #current()} per decision; it is an immutable
 * {@link Catalog}, so one decision sees one consistent catalog.
 */
public final class LiveCatalog {

    private static final Logger log = LoggerFactory.getLogger(LiveCatalog.class);

    private final AtomicReference<Catalog> current;
    /** The configured catalog with the vendors' shutdown dates; guarded by this. */
    private Catalog dated;
    /** The operators' preset choices, by provider ({@code ProviderSettings.presets}); guarded by this. */
    private Map<String, Map<String, Map<String, PresetChoice>>> presetChoices = Map.of();

    public LiveCatalog(Catalog configured) {
        this.current = new AtomicReference<>(configured);
        this.dated = configured;
    }

    public Catalog current() {
        return current.get();
    }

    /**
     * Takes the vendor's shutdown date for a model the catalog lists. A vendor that names no date leaves the
     * catalog's date alone: silence is not a reprieve. A model the catalog does not list is ignored.
     */
    public synchronized void apply(ModelLifecycleReported report) {
        // Synchronized, not a compare-and-set loop: reports are rare, and a retried update would log twice.
        if (report.shutdownOn() == null) {
            return;
        }
        ModelRef ref = new ModelRef(report.provider(), report.model());
        Catalog catalog = dated;
        Optional<CatalogModel> model = catalog.entry(ref).map(Catalog.Entry::model);
        if (model.isEmpty() || report.shutdownOn().equals(model.get().lifecycle().shutdownOn())) {
            return;
        }
        Lifecycle known = model.get().lifecycle();
        log.info("{} shuts down on {} ({}; the catalog said {})", ref, report.shutdownOn(), report.source(),
                known.shutdownOn() == null ? "nothing" : known.shutdownOn());
        dated = catalog.withLifecycle(ref, new Lifecycle(known.deprecatedOn(), report.shutdownOn(),
                known.replacement()));
        current.set(PresetOverrides.apply(dated, presetChoices));
    }

    /**
     * Takes an operator's quality-preset choices for one provider ({@code ProviderSettings.presets}; empty returns
     * its part of the presets to the catalog's), so that the router and the ingress route and check presets alike.
     */
    public synchronized void applyPresets(String provider, Map<String, Map<String, PresetChoice>> choices) {
        Map<String, Map<String, Map<String, PresetChoice>>> next = new LinkedHashMap<>(presetChoices);
        Map<String, Map<String, PresetChoice>> before = choices.isEmpty() ? next.remove(provider)
                : next.put(provider, choices);
        if (choices.equals(before == null ? Map.of() : before)) {
            return;
        }
        presetChoices = Map.copyOf(next);
        current.set(PresetOverrides.apply(dated, presetChoices));
        log.info("quality presets: {} {}", provider, choices.isEmpty() ? "back to the catalog's" : choices);
    }
}
