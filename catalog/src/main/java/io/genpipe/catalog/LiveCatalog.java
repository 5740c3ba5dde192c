package io.genpipe.catalog;

import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.catalog.Lifecycle;
import io.genpipe.contracts.catalog.ModelRef;
import io.genpipe.contracts.event.ModelLifecycleReported;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    public LiveCatalog(Catalog configured) {
        this.current = new AtomicReference<>(configured);
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
        Catalog catalog = current.get();
        Optional<CatalogModel> model = catalog.entry(ref).map(Catalog.Entry::model);
        if (model.isEmpty() || report.shutdownOn().equals(model.get().lifecycle().shutdownOn())) {
            return;
        }
        Lifecycle known = model.get().lifecycle();
        log.info("{} shuts down on {} ({}; the catalog said {})", ref, report.shutdownOn(), report.source(),
                known.shutdownOn() == null ? "nothing" : known.shutdownOn());
        current.set(catalog.withLifecycle(ref, new Lifecycle(known.deprecatedOn(), report.shutdownOn(),
                known.replacement())));
    }
}
