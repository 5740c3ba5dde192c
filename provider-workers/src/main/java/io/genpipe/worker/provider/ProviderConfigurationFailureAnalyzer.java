package io.genpipe.worker.provider;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a provider misconfiguration as the key to fix, instead of a bean-creation stack trace. */
class ProviderConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<ProviderConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ProviderConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Fix the key above: the providers come from the catalog (genpipe.catalog.providers.*), the ones this"
                        + " instance runs from genpipe.workers.serve.",
                cause);
    }
}
