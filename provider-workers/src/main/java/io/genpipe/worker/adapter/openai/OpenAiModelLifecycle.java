package io.genpipe.worker.adapter.openai;

import io.genpipe.contracts.event.GenpipeEvent;
import io.genpipe.contracts.event.ModelLifecycleReported;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.messaging.EventPublisher;
import io.genpipe.worker.adapter.VendorHttp;
import io.genpipe.worker.provider.ProviderSettings;
import io.genpipe.worker.provider.ServedProvider;
import io.genpipe.worker.provider.ServedProviders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the catalog's OpenAI shutdown dates true without a redeploy: for each served OpenAI provider with a key, reads
 * {@code GET /v1/models} at start and every {@code options.lifecycle-poll}, and publishes to
 * {@code genpipe.model-lifecycle.v1} what OpenAI says of each model that provider's catalog entry lists, whenever it
 * differs from what this instance last published. Every service's live catalog applies it; the router then stops
 * dispatching a model from its shutdown day. Runs on the workers' scheduler; no thread waits on OpenAI.
 */
@Component
final class OpenAiModelLifecycle implements SmartLifecycle {

    static final String SOURCE = "GET /v1/models";
    private static final Logger log = LoggerFactory.getLogger(OpenAiModelLifecycle.class);

    private final ServedProviders providers;
    private final VendorHttp http;
    private final ScheduledExecutorService scheduler;
    private final EventPublisher publisher;
    private final Clock clock;
    private final Binder binder;
    private final Map<String, Optional<LocalDate>> published = new ConcurrentHashMap<>();
    private final List<ScheduledFuture<?>> polls = new ArrayList<>();
    private volatile boolean running;

    OpenAiModelLifecycle(ServedProviders providers, VendorHttp http, ScheduledExecutorService workerScheduler,
                         EventPublisher publisher, Clock clock, Environment environment) {
        this.providers = providers;
        this.http = http;
        this.scheduler = workerScheduler;
        this.publisher = publisher;
        this.clock = clock;
        this.binder = Binder.get(environment);
    }

    @Override
    public void start() {
        for (ServedProvider provider : providers.all()) {
            if (!OpenAiAdapterFactory.TYPE.equals(provider.catalog().adapter()) || !provider.apiKey().isPresent()) {
                continue;
            }
            OpenAiOptions options = binder.bindOrCreate(ProviderSettings.optionsPrefix(provider.name()),
                    Bindable.of(OpenAiOptions.class));
            OpenAiModelList list = new OpenAiModelList(provider.catalog().baseUrl(), provider.apiKey(), options, http);
            long every = options.lifecyclePoll().toMillis();
            polls.add(scheduler.scheduleWithFixedDelay(() -> poll(provider, list), 0, every, TimeUnit.MILLISECONDS));
        }
        running = true;
    }

    @Override
    public void stop() {
        polls.forEach(poll -> poll.cancel(false));
        polls.clear();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void poll(ServedProvider provider, OpenAiModelList list) {
        list.shutdownDates().whenComplete((dates, error) -> {
            if (error != null) {
                log.warn("provider {}: could not read OpenAI's model list ({}); shutdown dates stay as they were",
                        provider.name(), error.getClass().getSimpleName());
                return;
            }
            for (String model : provider.catalog().models().keySet()) {
                Optional<LocalDate> date = dates.get(model);
                if (date != null) {
                    report(provider.name(), model, date);
                }
            }
        });
    }

    private void report(String provider, String model, Optional<LocalDate> shutdownOn) {
        ModelLifecycleReported report = new ModelLifecycleReported(GenpipeEvent.SCHEMA_VERSION,
                UUID.randomUUID().toString(), clock.instant(), provider, model, shutdownOn.orElse(null), SOURCE);
        if (shutdownOn.equals(published.get(report.key()))) {
            return;
        }
        publisher.publish(Topics.MODEL_LIFECYCLE, report.key(), report).whenComplete((sent, error) -> {
            if (error == null) {
                published.put(report.key(), shutdownOn);
            } else {
                log.warn("could not publish {}'s lifecycle; the next poll tries again", report.key());
            }
        });
    }
}
