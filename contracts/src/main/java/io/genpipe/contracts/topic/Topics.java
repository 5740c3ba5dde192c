package io.genpipe.contracts.topic;

import io.genpipe.contracts.event.AlertEvent;
import io.genpipe.contracts.event.AttemptProgressed;
import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.JobOutcome;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.ModelLifecycleReported;
import io.genpipe.contracts.event.ProviderHealth;
import io.genpipe.contracts.event.ProviderSettings;
import io.genpipe.contracts.event.ProviderSettingsChanged;
import io.genpipe.contracts.event.SpendSnapshot;
import io.genpipe.contracts.event.SystemHealthReported;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Every topic of genpipe. Names end in the major version of their value's schema. */
public final class Topics {

    /** Jobs to route; written by the ingress or by any service directly. */
    public static final Topic<String, JobRequested> JOBS =
            new Topic<>(TopicNames.JOBS, String.class, JobRequested.class, "job id");

    /** Finished attempts (success or failure), written by the workers. */
    public static final Topic<String, AttemptResult> ATTEMPTS =
            new Topic<>(TopicNames.ATTEMPTS, String.class, AttemptResult.class, "job id");

    /** The terminal outcome of each job, written by the router. */
    public static final Topic<String, JobOutcome> OUTCOMES =
            new Topic<>(TopicNames.OUTCOMES, String.class, JobOutcome.class, "job id");

    /** How long-running attempts (trainings) are getting on, written by the workers while they poll the vendor. */
    public static final Topic<String, AttemptProgressed> PROGRESS =
            new Topic<>(TopicNames.PROGRESS, String.class, AttemptProgressed.class, "job id");

    /** Compacted: each worker instance's latest view of its provider. */
    public static final Topic<String, ProviderHealth> PROVIDER_HEALTH =
            new Topic<>(TopicNames.PROVIDER_HEALTH, String.class, ProviderHealth.class, "provider/instance");

    /** Compacted: what vendors say about their models' shutdown dates, read by their providers' workers. */
    public static final Topic<String, ModelLifecycleReported> MODEL_LIFECYCLE =
            new Topic<>(TopicNames.MODEL_LIFECYCLE, String.class, ModelLifecycleReported.class, "provider/model");

    /**
     * Compacted: an operator's runtime settings per provider (enabled, disabled models, priority, weight, cooldown),
     * written by the ingress's admin API.
     */
    public static final Topic<String, ProviderSettings> PROVIDER_SETTINGS =
            new Topic<>(TopicNames.PROVIDER_SETTINGS, String.class, ProviderSettings.class, "provider");

    /** Compacted, key {@code router}: the pipeline's health level, as the router sees it, for the ingress. */
    public static final Topic<String, SystemHealthReported> SYSTEM_HEALTH =
            new Topic<>(TopicNames.SYSTEM_HEALTH, String.class, SystemHealthReported.class, "router");

    /**
     * Compacted: what each provider and tenant has spent in each UTC day and month, as the sink has recorded it, for
     * the routers and the ingress to enforce budgets; key {@code tenant:studio-north/day:2026-12-01}.
     */
    public static final Topic<String, SpendSnapshot> SPEND =
            new Topic<>(TopicNames.SPEND, String.class, SpendSnapshot.class, "scope:name/period:start");

    /** Alerts raised and cleared (budgets, seed 001's thresholds), once per crossing; written by the sink. */
    public static final Topic<String, AlertEvent> ALERTS =
            new Topic<>(TopicNames.ALERTS, String.class, AlertEvent.class, "rule/scope[/period:start]");

    /**
     * Not compacted, kept: every change an admin made to the settings, who made it and when, before and after; written
     * and read by the ingress's admin API.
     */
    public static final Topic<String, ProviderSettingsChanged> ADMIN_AUDIT =
            new Topic<>(TopicNames.ADMIN_AUDIT, String.class, ProviderSettingsChanged.class, "provider");

    /** Records no consumer could process: the original bytes, with {@link DlqHeaders} saying why. */
    public static final Topic<byte[], byte[]> DLQ =
            new Topic<>(TopicNames.DLQ, byte[].class, byte[].class, "the original key");

    private static final Pattern PROVIDER_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern DISPATCH_NAME = Pattern.compile("genpipe\\.dispatch\\.([a-z0-9][a-z0-9-]{0,62})\\.v1");
    private static final List<Topic<?, ?>> FIXED = List.of(JOBS, ATTEMPTS, OUTCOMES, PROGRESS, PROVIDER_HEALTH,
            MODEL_LIFECYCLE, PROVIDER_SETTINGS,
            SYSTEM_HEALTH, SPEND, ALERTS, ADMIN_AUDIT, DLQ);

    private Topics() {
    }

    /** The topic one provider's worker group consumes. */
    public static Topic<String, AttemptDispatched> dispatch(String provider) {
        return new Topic<>("genpipe.dispatch." + requireProviderName(provider) + ".v1", String.class,
                AttemptDispatched.class, "job id");
    }

    /** The topic of that name, dispatch topics included; empty for a name that is not genpipe's. */
    public static Optional<Topic<?, ?>> forName(String name) {
        for (Topic<?, ?> topic : FIXED) {
            if (topic.name().equals(name)) {
                return Optional.of(topic);
            }
        }
        Matcher dispatch = DISPATCH_NAME.matcher(name);
        return dispatch.matches() ? Optional.of(dispatch(dispatch.group(1))) : Optional.empty();
    }

    /**
     * Provider names become parts of topic names and configuration keys, so they are kept to lower-case
     * letters, digits and dashes.
     */
    public static String requireProviderName(String provider) {
        if (provider == null || !PROVIDER_NAME.matcher(provider).matches()) {
            throw new IllegalArgumentException(
                    "provider name must match " + PROVIDER_NAME.pattern() + ", was '" + provider + "'");
        }
        return provider;
    }
}
