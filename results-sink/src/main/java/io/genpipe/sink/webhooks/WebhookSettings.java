package io.genpipe.sink.webhooks;

import io.genpipe.contracts.webhook.CallbackPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@code genpipe.webhooks.*}: how the sink delivers outcomes to the jobs' callback URLs.
 *
 * @param signingSecret         the HMAC-SHA256 key of {@code Genpipe-Signature} ({@code GENPIPE_WEBHOOK_SECRET});
 *                              blank: nothing is delivered, deliveries wait, and health and metrics say so
 * @param allowHttp             deliver to plain {@code http} URLs too (a local run; a receiver behind a TLS proxy)
 * @param allowPrivateAddresses deliver to hosts that are or resolve to private, loopback, link-local, unspecified or
 *                              multicast addresses too; set as the ingress's
 * @param pollInterval          how often each instance looks for due deliveries
 * @param batchSize             the most deliveries one instance claims per look (and has in flight at once)
 * @param connectTimeout        longest wait to connect to a receiver
 * @param readTimeout           longest wait for a receiver's answer once the request is sent
 * @param retry                 when a failed delivery is tried again, and when it is given up
 */
@ConfigurationProperties("genpipe.webhooks")
public record WebhookSettings(@DefaultValue("") String signingSecret,
                              @DefaultValue("false") boolean allowHttp,
                              @DefaultValue("false") boolean allowPrivateAddresses,
                              @DefaultValue("1s") Duration pollInterval,
                              @DefaultValue("20") int batchSize,
                              @DefaultValue("5s") Duration connectTimeout,
                              @DefaultValue("10s") Duration readTimeout,
                              @DefaultValue RetrySchedule retry) {

    public WebhookSettings {
        signingSecret = signingSecret == null ? "" : signingSecret;
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("genpipe.webhooks.poll-interval must be positive, was " + pollInterval);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("genpipe.webhooks.batch-size must be at least 1, was " + batchSize);
        }
    }

    boolean signing() {
        return !signingSecret.isBlank();
    }

    byte[] secret() {
        return signingSecret.getBytes(StandardCharsets.UTF_8);
    }

    CallbackPolicy policy() {
        return new CallbackPolicy(allowHttp, allowPrivateAddresses);
    }

    /**
     * How long a claimed delivery stays claimed: longer than one attempt can take, so that only an instance that died
     * mid-attempt loses its claim to another.
     */
    Duration claim() {
        return connectTimeout.plus(readTimeout).plusSeconds(30);
    }

    /** Never the secret: settings end up in logs and actuator answers. */
    @Override
    public String toString() {
        return "WebhookSettings[signingSecret=" + (signing() ? "(set)" : "(none)") + ", allowHttp=" + allowHttp
                + ", allowPrivateAddresses=" + allowPrivateAddresses + ", pollInterval=" + pollInterval
                + ", batchSize=" + batchSize + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
                + ", retry=" + retry + "]";
    }
}
