package io.genpipe.catalog;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints an invalid catalog as a list of keys to fix, instead of a bean-creation stack trace. */
class InvalidCatalogFailureAnalyzer extends AbstractFailureAnalyzer<InvalidCatalogException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidCatalogException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Fix the keys above in the catalog file (genpipe.catalog.location, by default the genpipe-catalog.yml"
                        + " shipped in the catalog module) or override them in the service's configuration.",
                cause);
    }
}
