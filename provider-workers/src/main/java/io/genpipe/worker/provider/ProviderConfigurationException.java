package io.genpipe.worker.provider;

/**
 * A served provider this instance cannot run: a name the catalog does not know, an adapter type no factory speaks.
 * A deployment mistake, so it stops the start, naming the configuration key to fix.
 */
public final class ProviderConfigurationException extends RuntimeException {

    public ProviderConfigurationException(String message) {
        super(message);
    }
}
