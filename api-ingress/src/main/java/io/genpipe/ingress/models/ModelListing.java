package io.genpipe.ingress.models;

import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.catalog.Lifecycle;
import io.genpipe.contracts.catalog.ModelRef;
import io.genpipe.contracts.catalog.Size;
import io.genpipe.contracts.catalog.SizeRule;
import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.RoutingRequest;
import io.genpipe.ingress.health.HealthStatus;
import io.genpipe.ingress.health.LiveHealth.HealthReading;
import io.genpipe.ingress.models.ModelView.Availability;
import io.genpipe.ingress.models.ModelView.LifecycleView;
import io.genpipe.ingress.models.ModelView.RoutePlace;
import io.genpipe.messaging.health.ProviderHealthView.ProviderStatus;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every model of the catalog with its live availability: the listing behind {@code GET /v1/models}. Free of
 * Spring; the caller passes today and one health reading.
 */
public final class ModelListing {

    /** The job a price is shown for: the contract's defaults, one 1024x1024 image. */
    private static final Size DEFAULT_SIZE = new Size(ImageParams.DEFAULT_SIZE, ImageParams.DEFAULT_SIZE);

    private final Catalog catalog;
    private final long shutdownWarningDays;

    /** @param shutdownWarning a model this close to its shutdown is {@code SHUTTING_DOWN} */
    public ModelListing(Catalog catalog, Duration shutdownWarning) {
        this.catalog = catalog;
        this.shutdownWarningDays = shutdownWarning.toDays();
    }

    public ModelList list(ModelFilter filter, LocalDate today, HealthReading health) {
        List<ModelView> models = new ArrayList<>();
        for (Catalog.Entry entry : catalog.entries()) {
            if (filter.operation() != null && !entry.model().supports(filter.operation())) {
                continue;
            }
            ModelView view = view(entry, today, health);
            if (filter.available() == null || filter.available() == view.availability().available()) {
                models.add(view);
            }
        }
        int available = (int) models.stream().filter(model -> model.availability().available()).count();
        return new ModelList(models, available, presets(filter));
    }

    /** The catalog's presets, whatever the availability filter: they say what a preset means, not what is up. */
    private Map<String, Map<String, List<PresetModel>>> presets(ModelFilter filter) {
        Map<String, Map<String, List<PresetModel>>> byOperation = new LinkedHashMap<>();
        for (Operation operation : Operation.values()) {
            if (filter.operation() != null && filter.operation() != operation) {
                continue;
            }
            Map<String, List<PresetModel>> byPreset = new LinkedHashMap<>();
            for (RoutingRequest.Preset preset : catalog.presets(operation)) {
                byPreset.put(preset.wireName(), catalog.preset(operation, preset).stream()
                        .map(step -> new PresetModel(step.entry().provider().name(), step.entry().model().id(),
                                step.steps()))
                        .toList());
            }
            if (!byPreset.isEmpty()) {
                byOperation.put(operation.wireName(), byPreset);
            }
        }
        return byOperation;
    }

    private ModelView view(Catalog.Entry entry, LocalDate today, HealthReading health) {
        CatalogModel model = entry.model();
        Optional<Usd> defaultCost = model.estimate(model.capabilities().sizes().fit(DEFAULT_SIZE).orElse(DEFAULT_SIZE),
                1, 0);
        List<RoutePlace> routes = routesOf(entry.ref());
        return new ModelView(entry.provider().name(), model.id(),
                model.operations().stream().sorted().map(Operation::wireName).toList(),
                sizes(model.capabilities().sizes()), model.capabilities().maxImages(), model.capabilities().seed(),
                model.capabilities().negativePrompt(), model.capabilities().maxPromptLength(),
                model.capabilities().maxInputImages(), model.capabilities().mask(), model.capabilities().maxLoras(),
                model.quality(),
                new ModelView.Price(model.pricing().describe(), model.priceSource()),
                defaultCost.orElse(null), defaultCost.isEmpty(), ExpectedTime.of(model.latency()),
                lifecycle(model.lifecycle(), today), !routes.isEmpty(), routes,
                availability(entry, !routes.isEmpty(), today, health));
    }

    private static ModelView.Sizes sizes(SizeRule rule) {
        List<Size> listed = rule instanceof SizeRule.Listed fixed ? fixed.sizes()
                : rule instanceof SizeRule.Ranged ranged ? ranged.presets() : List.of();
        return new ModelView.Sizes(rule.describe(), listed.stream().map(Size::toString).toList());
    }

    private LifecycleView lifecycle(Lifecycle lifecycle, LocalDate today) {
        LifecycleView.Status status = lifecycle.isShutDown(today) ? LifecycleView.Status.SHUT_DOWN
                : lifecycle.shutsDownWithin(today, shutdownWarningDays) ? LifecycleView.Status.SHUTTING_DOWN
                : LifecycleView.Status.ACTIVE;
        return new LifecycleView(status, lifecycle.deprecatedOn(), lifecycle.shutdownOn(), lifecycle.replacement());
    }

    private List<RoutePlace> routesOf(ModelRef ref) {
        List<RoutePlace> places = new ArrayList<>();
        for (Map.Entry<Operation, List<ModelRef>> route : catalog.routes().entrySet()) {
            int index = route.getValue().indexOf(ref);
            if (index >= 0) {
                places.add(new RoutePlace(route.getKey().wireName(), index + 1, route.getValue().size()));
            }
        }
        return places;
    }

    /**
     * Shut-down models are unavailable whatever their provider's health: a job naming one is refused. A model no
     * route uses is available to jobs that name it. A provider no live worker serves is UNKNOWN, and unavailable:
     * silence is never taken for health.
     */
    private static Availability availability(Catalog.Entry entry, boolean routed, LocalDate today,
                                             HealthReading health) {
        ProviderStatus status = health.status(entry.provider().name());
        HealthStatus shown = HealthStatus.of(status);
        Lifecycle lifecycle = entry.model().lifecycle();
        if (lifecycle.isShutDown(today)) {
            return new Availability(false, lifecycle.shutDownReason(), shown);
        }
        return switch (status.status()) {
            case UP -> new Availability(true, entry.provider().name() + " is UP (" + workers(status.liveInstances())
                    + ")", shown);
            case DOWN -> new Availability(false, status.reason().isBlank() ? entry.provider().name() + " is DOWN"
                    : status.reason(), shown);
            case UNKNOWN -> new Availability(false, status.reason(), shown);
        };
    }

    private static String workers(int count) {
        return count + (count == 1 ? " live worker" : " live workers");
    }
}
