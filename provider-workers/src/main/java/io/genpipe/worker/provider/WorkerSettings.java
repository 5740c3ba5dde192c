package io.genpipe.worker.provider;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one provider-workers instance runs, and how.
 *
 * @param instance       names this instance in health reports (key {@code provider/instance}); default: host name
 *                       and a short random suffix, so two instances on one host never share a key
 * @param serve          catalog provider names this instance runs a worker group for; empty means every provider in
 *                       the catalog ({@code genpipe.catalog.providers})
 * @param providers      provider name to this service's settings for it (time-outs, adapter options); what the
 *                       provider is comes from the catalog. The name keys topics, breakers and health, never the
 *                       vendor
 * @param circuitBreaker when a provider counts as failing (one breaker per provider and instance)
 * @param health         how often health is reported and how long a report stays valid
 * @param images         where images that arrive as bytes (OpenAI's base64) are stored
 * @param drainTimeout   on a graceful stop, how long calls in flight may take to finish and be committed; what is
 *                       still in flight then is delivered again to another instance
 * @param maxInFlight    vendor calls one provider may have in flight in this instance; at this many its consumers
 *                       pause, and they resume below three quarters of it (a poll already fetched still starts, so
 *                       the bound is loose by up to {@code max.poll.records}). A call in flight costs the worker
 *                       little (one connection for OpenAI, a scheduled poll for fal): one JVM holds 2,500 in well
 *                       under 512 MiB (bench/README.md, "Worker alone"), and with multi-second vendors this bound,
 *                       divided by the latency, is the instance's throughput
 * @param idleBetweenPolls how long a dispatch consumer waits between polls: under load each poll (and commit) then
 *                       takes a batch instead of a record or two, for at most this much delay before a call starts
 */
@ConfigurationProperties("genpipe.workers")
public record WorkerSettings(
        String instance,
        List<String> serve,
        Map<String, ProviderSettings> providers,
        @DefaultValue CircuitBreaker circuitBreaker,
        @DefaultValue Health health,
        @DefaultValue Images images,
        @DefaultValue("30s") Duration drainTimeout,
        @DefaultValue("2500") Integer maxInFlight,
        @DefaultValue("50ms") Duration idleBetweenPolls) {

    public WorkerSettings {
        instance = instance == null || instance.isBlank() ? InstanceNames.generate() : instance.strip();
        serve = serve == null ? List.of()
                : serve.stream().map(String::strip).filter(name -> !name.isEmpty()).distinct().toList();
        // Keep the configured order: workers start, and the README lists them, in that order.
        providers = providers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(providers));
        drainTimeout = drainTimeout == null ? Duration.ofSeconds(30) : drainTimeout;
        maxInFlight = maxInFlight == null ? 2500 : maxInFlight;
        idleBetweenPolls = idleBetweenPolls == null ? Duration.ofMillis(50) : idleBetweenPolls;
        if (idleBetweenPolls.isNegative()) {
            throw new IllegalArgumentException(
                    "genpipe.workers.idle-between-polls must not be negative, was " + idleBetweenPolls);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("genpipe.workers.max-in-flight must be at least 1, was " + maxInFlight);
        }
    }

    /** This service's settings for {@code provider}, or the defaults when none are configured. */
    public ProviderSettings provider(String provider) {
        return providers.getOrDefault(provider, ProviderSettings.DEFAULTS);
    }

    /**
     * A provider's breaker, with resilience4j's semantics: over the last {@code slidingWindowSize} calls (and only
     * once at least {@code minimumNumberOfCalls} were made), a failure rate at or above the threshold opens it.
     * Only failures on the provider's side count; a rejected prompt or an invalid request does not.
     *
     * @param failureRateThreshold     percent of failed calls that opens the breaker
     * @param slidingWindowSize        calls the failure rate is computed over
     * @param minimumNumberOfCalls     calls needed before the rate is judged at all
     * @param waitInOpen               how long an open breaker refuses calls before it probes
     * @param permittedCallsInHalfOpen trial calls let through while probing; their outcome closes or re-opens it
     * @param automaticHalfOpen        move to probing when the wait is over, even if no call arrives (so health
     *                                 reports PROBING and the router sends the trial work)
     * @param slowCallDuration         an attempt that takes longer counts as slow; unset: half of the provider's
     *                                 {@code attempt-timeout}
     * @param slowCallRateThreshold    percent of slow attempts (over the same window) that opens the breaker; the
     *                                 default 100 opens it only when every attempt in the window was slow
     */
    public record CircuitBreaker(
            @DefaultValue("50") float failureRateThreshold,
            @DefaultValue("10") int slidingWindowSize,
            @DefaultValue("5") int minimumNumberOfCalls,
            @DefaultValue("10s") Duration waitInOpen,
            @DefaultValue("2") int permittedCallsInHalfOpen,
            @DefaultValue("true") boolean automaticHalfOpen,
            Duration slowCallDuration,
            @DefaultValue("100") float slowCallRateThreshold) {

        public CircuitBreaker {
            if (slowCallDuration != null && (slowCallDuration.isNegative() || slowCallDuration.isZero())) {
                throw new IllegalArgumentException(
                        "genpipe.workers.circuit-breaker.slow-call-duration must be positive, was " + slowCallDuration);
            }
            if (!(slowCallRateThreshold > 0 && slowCallRateThreshold <= 100)) {
                throw new IllegalArgumentException("genpipe.workers.circuit-breaker.slow-call-rate-threshold must be"
                        + " within (0, 100], was " + slowCallRateThreshold);
            }
        }

        /** When an attempt of a provider with this attempt timeout counts as slow. */
        public Duration slowCallDuration(Duration attemptTimeout) {
            return slowCallDuration != null ? slowCallDuration : attemptTimeout.dividedBy(2);
        }
    }

    /**
     * @param heartbeat          a provider's health is published at least this often (and on every breaker change)
     * @param validForHeartbeats a report is valid for this many heartbeats: readers drop an instance that stopped
     */
    public record Health(
            @DefaultValue("5s") Duration heartbeat,
            @DefaultValue("3") int validForHeartbeats) {

        public Health {
            if (heartbeat.isNegative() || heartbeat.isZero()) {
                throw new IllegalArgumentException(
                        "genpipe.workers.health.heartbeat must be positive, was " + heartbeat);
            }
            if (validForHeartbeats < 1) {
                throw new IllegalArgumentException(
                        "genpipe.workers.health.valid-for-heartbeats must be at least 1, was " + validForHeartbeats);
            }
        }

        /** How long after it was sent a health report still counts. */
        public Duration validity() {
            return heartbeat.multipliedBy(validForHeartbeats);
        }
    }

    /** @param dir images are written to {@code <dir>/<jobId>/<attempt>-<index>.png} */
    public record Images(@DefaultValue("./data/images") Path dir) {
    }
}
