package io.genpipe.ingress.admin;

import io.genpipe.contracts.event.ProviderSettings;
import io.genpipe.contracts.event.ProviderSettingsChanged;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.ingress.submission.IngressSettings;
import io.genpipe.messaging.EventPublisher;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes settings changes to {@code genpipe.provider-settings.v1} (a record, or a tombstone for a reset) and their
 * audit records to {@code genpipe.admin-audit.v1}, and returns only once the broker acknowledged every one (idempotent
 * producer, acks=all), as the job publisher does: a 2xx always means the change is on the broker.
 *
 * <p>The two topics are not written in one transaction. All records are sent before any acknowledgement is awaited,
 * so a broker that is away fails them together; a failure of only some answers 503 although some may be in force,
 * which the answer says: the caller reads the settings again before retrying (its {@code If-Match} then tells).
 */
@Component
class SettingsPublisher {

    private final EventPublisher publisher;
    private final IngressSettings settings;

    SettingsPublisher(EventPublisher publisher, IngressSettings settings) {
        this.publisher = publisher;
        this.settings = settings;
    }

    /**
     * @return each change's settings record's offset on its partition, by provider
     * @throws SettingsUnavailableException when any record was not acknowledged in time
     */
    Map<String, Long> publish(List<ProviderSettingsChanged> changes) {
        Map<String, CompletableFuture<RecordMetadata>> settingsSent = new LinkedHashMap<>();
        List<CompletableFuture<?>> all = new ArrayList<>();
        try {
            for (ProviderSettingsChanged change : changes) {
                ProviderSettings after = change.after();
                CompletableFuture<RecordMetadata> sent = publisher.publish(Topics.PROVIDER_SETTINGS, change.provider(),
                        after);
                settingsSent.put(change.provider(), sent);
                all.add(sent);
                all.add(publisher.publish(Topics.ADMIN_AUDIT, change.provider(), change));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                    .get(settings.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notPublished(e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // The producer throws at once when it cannot even fetch metadata, or fails the future later.
            throw notPublished(e instanceof ExecutionException ? e.getCause() : e);
        }
        Map<String, Long> offsets = new LinkedHashMap<>();
        settingsSent.forEach((provider, sent) -> offsets.put(provider, sent.join().offset()));
        return offsets;
    }

    private static SettingsUnavailableException notPublished(Throwable cause) {
        return new SettingsUnavailableException("the broker did not acknowledge the settings change: "
                + cause.getClass().getSimpleName(), cause);
    }
}
