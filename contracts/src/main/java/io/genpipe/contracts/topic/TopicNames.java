package io.genpipe.contracts.topic;

/**
 * The fixed topic names as compile-time constants, for annotations such as {@code @KafkaListener(topics = ...)}
 * that cannot call {@code Topics.JOBS.name()}. Everything else uses the descriptors in {@link Topics}.
 */
public final class TopicNames {

    public static final String JOBS = "genpipe.jobs.v1";
    public static final String ATTEMPTS = "genpipe.attempts.v1";
    public static final String OUTCOMES = "genpipe.outcomes.v1";
    public static final String PROGRESS = "genpipe.progress.v1";
    public static final String PROVIDER_HEALTH = "genpipe.provider-health.v1";
    public static final String MODEL_LIFECYCLE = "genpipe.model-lifecycle.v1";
    public static final String PROVIDER_SETTINGS = "genpipe.provider-settings.v1";
    public static final String SYSTEM_HEALTH = "genpipe.system-health.v1";
    public static final String SPEND = "genpipe.spend.v1";
    public static final String ALERTS = "genpipe.alerts.v1";
    public static final String ADMIN_AUDIT = "genpipe.admin-audit.v1";
    public static final String DLQ = "genpipe.dlq.v1";

    private TopicNames() {
    }
}
