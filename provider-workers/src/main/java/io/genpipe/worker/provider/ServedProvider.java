package io.genpipe.worker.provider;

/**
 * A provider this instance runs a worker group for: its name (which keys its topic, breaker and health), its
 * settings and its key as resolved at start-up.
 */
public record ServedProvider(String name, ProviderSettings settings, ApiKey apiKey) {
}
