package io.genpipe.ingress.webhooks;

import io.genpipe.contracts.webhook.CallbackPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code genpipe.webhooks.*} as the ingress reads it: which callback URLs a job may carry. The results-sink, which
 * delivers them, reads the same two keys and checks again before each delivery; set them alike on both.
 *
 * @param allowHttp             plain {@code http} callbacks too (a local run, a receiver behind a TLS proxy)
 * @param allowPrivateAddresses callbacks to hosts that are or resolve to private, loopback, link-local, unspecified
 *                              or multicast addresses too (a local run, or a network that trusts every caller)
 */
@ConfigurationProperties("genpipe.webhooks")
public record CallbackSettings(@DefaultValue("false") boolean allowHttp,
                               @DefaultValue("false") boolean allowPrivateAddresses) {

    public CallbackPolicy policy() {
        return new CallbackPolicy(allowHttp, allowPrivateAddresses);
    }
}
