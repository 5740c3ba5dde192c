package io.genpipe.ingress.webhooks;

import io.genpipe.contracts.webhook.CallbackPolicy;
import io.genpipe.contracts.webhook.CallbackUrl;
import io.genpipe.ingress.validation.JobValidator;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Refuses, before anything is published, a callback the sink would not deliver to: plain http, or a host that is or
 * resolves to an address callers must not make genpipe reach (SSRF), unless {@code genpipe.webhooks.*} allows it.
 * The sink checks again at delivery, when the name may resolve elsewhere.
 */
@Component
public class CallbackTargets {

    private final CallbackPolicy policy;
    private final CallbackPolicy.Resolver resolver;
    private final MeterRegistry meters;

    @Autowired
    CallbackTargets(CallbackSettings settings, MeterRegistry meters) {
        this(settings.policy(), CallbackPolicy.DNS, meters);
    }

    CallbackTargets(CallbackPolicy policy, CallbackPolicy.Resolver resolver, MeterRegistry meters) {
        this.policy = policy;
        this.resolver = resolver;
        this.meters = meters;
    }

    /**
     * @param callbackUrl a URL the contract accepted, or {@code null} for none
     * @param jobs        how many jobs carry it (a batch's), for the refusals counted
     * @throws CallbackRefusedException when it is not delivered to
     */
    public void require(String callbackUrl, int jobs) {
        if (callbackUrl == null) {
            return;
        }
        Optional<String> refusal = policy.refusal(CallbackUrl.require(callbackUrl, CallbackRefusedException.FIELD),
                resolver);
        if (refusal.isPresent()) {
            meters.counter(JobValidator.REFUSED, "field", CallbackRefusedException.FIELD, "problem", "CALLBACK_REFUSED")
                    .increment(jobs);
            throw new CallbackRefusedException(refusal.get());
        }
    }
}
