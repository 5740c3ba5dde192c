package io.genpipe.catalog;

import io.genpipe.catalog.CatalogProperties.PresetSpec;
import io.genpipe.catalog.CatalogProperties.ProviderSpec;
import io.genpipe.catalog.CatalogProperties.RouteSpec;
import io.genpipe.catalog.ModelSpec.PricingSpec;
import io.genpipe.catalog.ModelSpec.RangeSpec;
import io.genpipe.catalog.ModelSpec.SizesSpec;
import io.genpipe.contracts.catalog.Capabilities;
import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.catalog.CatalogProvider;
import io.genpipe.contracts.catalog.Latency;
import io.genpipe.contracts.catalog.Lifecycle;
import io.genpipe.contracts.catalog.ModelRef;
import io.genpipe.contracts.catalog.Pricing;
import io.genpipe.contracts.catalog.Size;
import io.genpipe.contracts.catalog.SizeRule;
import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.RoutingRequest.Preset;
import io.genpipe.contracts.topic.Topics;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns the catalog's configuration into the contracts' {@link Catalog}, or refuses it. Every problem is collected
 * with the configuration key at fault ({@code genpipe.catalog.providers.fal.models[fal-ai/fast-sdxl].pricing}),
 * so that one failed start lists everything to fix.
 */
public final class CatalogReader {

    private static final String PREFIX = "genpipe.catalog";

    private final List<String> problems = new ArrayList<>();

    private CatalogReader() {
    }

    /** @throws InvalidCatalogException naming every key at fault */
    public static Catalog read(CatalogProperties properties) {
        CatalogReader reader = new CatalogReader();
        Catalog catalog = reader.catalog(properties);
        if (!reader.problems.isEmpty()) {
            throw new InvalidCatalogException(reader.problems);
        }
        return catalog;
    }

    private Catalog catalog(CatalogProperties properties) {
        if (properties.providers().isEmpty()) {
            problem(PREFIX + ".providers", "no provider is configured");
        }
        Map<String, CatalogProvider> providers = new LinkedHashMap<>();
        properties.providers().forEach((name, spec) -> provider(name, spec).ifPresent(p -> providers.put(name, p)));
        Map<Operation, List<ModelRef>> routes = new EnumMap<>(Operation.class);
        properties.routes().forEach((operationName, steps) -> {
            String key = PREFIX + ".routes." + operationName;
            Optional<Operation> operation = Operation.fromWireName(operationName);
            if (operation.isEmpty()) {
                problem(key, "unknown operation '" + operationName + "'");
                return;
            }
            List<ModelRef> refs = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) {
                route(key + "[" + i + "]", steps.get(i), properties, providers).ifPresent(refs::add);
            }
            routes.put(operation.get(), refs);
        });
        Map<Operation, Map<Preset, List<Catalog.PresetStep>>> presets = new EnumMap<>(Operation.class);
        properties.presets().forEach((operationName, levels) -> {
            String key = PREFIX + ".presets." + operationName;
            Optional<Operation> operation = Operation.fromWireName(operationName);
            if (operation.isEmpty()) {
                problem(key, "unknown operation '" + operationName + "'");
                return;
            }
            Map<Preset, List<Catalog.PresetStep>> byLevel = new EnumMap<>(Preset.class);
            levels.forEach((levelName, steps) -> preset(key + "." + levelName, levelName, steps, operation.get(),
                    properties, providers).ifPresent(resolved -> byLevel.put(resolved.getKey(), resolved.getValue())));
            presets.put(operation.get(), byLevel);
        });
        if (!problems.isEmpty()) {
            return null;
        }
        return new Catalog(providers, routes, presets);
    }

    /** A preset's models: each one a route step that does the operation, with steps in the model's range. */
    private Optional<Map.Entry<Preset, List<Catalog.PresetStep>>> preset(
            String key, String levelName, List<PresetSpec> specs, Operation operation, CatalogProperties properties,
            Map<String, CatalogProvider> providers) {
        Optional<Preset> level = Arrays.stream(Preset.values())
                .filter(candidate -> candidate.wireName().equals(levelName)).findFirst();
        if (level.isEmpty()) {
            problem(key, "unknown preset '" + levelName + "'; presets are fast, standard, high and ultra");
            return Optional.empty();
        }
        if (specs == null || specs.isEmpty()) {
            problem(key, "a preset names at least one model");
            return Optional.empty();
        }
        List<Catalog.PresetStep> steps = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            PresetSpec spec = specs.get(i);
            String stepKey = key + "[" + i + "]";
            Optional<ModelRef> ref = route(stepKey, spec == null ? null : new RouteSpec(spec.provider(), spec.model()),
                    properties, providers);
            if (ref.isEmpty()) {
                continue;
            }
            CatalogModel model = providers.get(ref.get().provider()).model(ref.get().model()).orElseThrow();
            if (!model.supports(operation)) {
                problem(stepKey + ".model", ref.get() + " does not do " + operation.wireName());
            } else if (spec.steps() != null && model.capabilities().steps() == null) {
                problem(stepKey + ".steps", ref.get() + " does not take a number of steps");
            } else if (spec.steps() != null && !model.capabilities().steps().contains(spec.steps())) {
                problem(stepKey + ".steps", ref.get() + " takes " + model.capabilities().steps() + " steps, not "
                        + spec.steps());
            } else {
                steps.add(new Catalog.PresetStep(ref.get(), spec.steps()));
            }
        }
        return Optional.of(Map.entry(level.get(), steps));
    }

    private Optional<ModelRef> route(String key, RouteSpec step, CatalogProperties properties,
                                     Map<String, CatalogProvider> providers) {
        if (step == null || blank(step.provider()) || blank(step.model())) {
            problem(key, "a route step names a provider and a model");
            return Optional.empty();
        }
        if (!properties.providers().containsKey(step.provider())) {
            problem(key + ".provider", "unknown provider '" + step.provider() + "'; the catalog has "
                    + properties.providers().keySet());
            return Optional.empty();
        }
        ProviderSpec provider = properties.providers().get(step.provider());
        if (!provider.models().containsKey(step.model())) {
            problem(key + ".model", "provider " + step.provider() + " has no model '" + step.model() + "'; it has "
                    + provider.models().keySet());
            return Optional.empty();
        }
        return providers.containsKey(step.provider()) ? Optional.of(new ModelRef(step.provider(), step.model()))
                : Optional.empty();
    }

    private Optional<CatalogProvider> provider(String name, ProviderSpec spec) {
        String key = PREFIX + ".providers." + name;
        int before = problems.size();
        attempt(key, () -> Topics.requireProviderName(name));
        if (spec == null) {
            problem(key, "is empty");
            return Optional.empty();
        }
        if (blank(spec.adapter())) {
            problem(key + ".adapter", "is required (the vendor API it speaks, e.g. fal or openai)");
        }
        if (spec.baseUrl() == null) {
            problem(key + ".base-url", "is required");
        }
        if (blank(spec.apiKeyEnv())) {
            problem(key + ".api-key-env", "is required (the NAME of the variable holding the key)");
        }
        CatalogProvider.Limits limits = spec.limits() == null ? CatalogProvider.Limits.UNKNOWN
                : attempt(key + ".limits", () -> new CatalogProvider.Limits(spec.limits().concurrency(),
                spec.limits().requestsPerMinute()));
        if (spec.models().isEmpty()) {
            problem(key + ".models", "a provider needs at least one model");
        }
        Map<String, CatalogModel> models = new LinkedHashMap<>();
        spec.models().forEach((id, model) -> {
            CatalogModel built = model(key + ".models[" + id + "]", id, model);
            if (built != null) {
                models.put(id, built);
            }
        });
        CatalogProvider.TrainedModels trained = spec.trainedModels() == null ? null
                : trained(key + ".trained-models", spec.trainedModels(), models);
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new CatalogProvider(name, spec.adapter().strip(), spec.baseUrl(), spec.apiKeyEnv().strip(),
                limits, models, trained));
    }

    private CatalogProvider.TrainedModels trained(String key, CatalogProperties.TrainedModelsSpec spec,
                                                  Map<String, CatalogModel> models) {
        int before = problems.size();
        Pattern ids = null;
        if (blank(spec.ids())) {
            problem(key + ".ids", "is required (a regular expression every trained model's id matches)");
        } else {
            try {
                ids = Pattern.compile(spec.ids());
            } catch (PatternSyntaxException e) {
                problem(key + ".ids", "is not a regular expression: " + e.getDescription());
            }
        }
        if (blank(spec.like())) {
            problem(key + ".like", "is required (the listed model trained models are served as)");
        } else if (!models.containsKey(spec.like())) {
            problem(key + ".like", "'" + spec.like() + "' is not one of the provider's models " + models.keySet());
        }
        Pricing pricing = spec.pricing() == null ? null : pricing(key + ".pricing", spec.pricing());
        if (problems.size() > before) {
            return null;
        }
        return new CatalogProvider.TrainedModels(ids, spec.like(), pricing, spec.priceSource());
    }

    private CatalogModel model(String key, String id, ModelSpec spec) {
        int before = problems.size();
        Set<Operation> operations = new LinkedHashSet<>();
        if (spec.operations() == null || spec.operations().isEmpty()) {
            problem(key + ".operations", "a model needs at least one operation (e.g. text-to-image)");
        } else {
            for (String name : spec.operations()) {
                Operation.fromWireName(name).ifPresentOrElse(operations::add,
                        () -> problem(key + ".operations", "unknown operation '" + name + "'"));
            }
        }
        SizeRule sizes = sizes(key + ".sizes", spec.sizes());
        Pricing pricing = pricing(key + ".pricing", spec.pricing());
        if (spec.latencyP50() == null) {
            problem(key + ".latency-p50", "is required (the usual time of a call)");
        }
        if (spec.quality() == null) {
            problem(key + ".quality", "is required (a score from 0 to 100)");
        }
        if (problems.size() > before) {
            return null;
        }
        Capabilities capabilities = attempt(key, () -> new Capabilities(sizes,
                spec.maxImages() == null ? 1 : spec.maxImages(),
                range(spec.steps(), BigDecimal::intValueExact), range(spec.guidance(), value -> value),
                Boolean.TRUE.equals(spec.seed()), Boolean.TRUE.equals(spec.negativePrompt()),
                spec.maxPromptLength(), spec.maxInputImages() == null ? 0 : spec.maxInputImages(),
                Boolean.TRUE.equals(spec.mask()), spec.loras() == null ? 0 : spec.loras()));
        Latency latency = attempt(key + ".latency-p95", () -> new Latency(spec.latencyP50(),
                spec.latencyP95() == null ? spec.latencyP50() : spec.latencyP95()));
        if (problems.size() > before) {
            return null;
        }
        return attempt(key, () -> new CatalogModel(id, operations, capabilities, latency, spec.quality(),
                spec.renderQuality(), pricing, spec.priceSource(),
                new Lifecycle(spec.deprecatedOn(), spec.shutdownOn(), spec.replacement()), spec.options()));
    }

    private SizeRule sizes(String key, SizesSpec spec) {
        if (spec == null) {
            problem(key, "is required: a list of WxH sizes, or a rule (multiple-of, min-side, largest, max-aspect)");
            return null;
        }
        List<Size> listed = new ArrayList<>();
        if (spec.list() != null) {
            for (String text : spec.list()) {
                Size size = attempt(key + ".list", () -> Size.parse(text));
                if (size != null) {
                    listed.add(size);
                }
            }
        }
        boolean rule = spec.multipleOf() != null || spec.minSide() != null || spec.largest() != null
                || spec.maxAspect() != null;
        SizeRule sizes;
        if (rule) {
            if (spec.largest() == null) {
                problem(key + ".largest", "a size rule needs the largest size (WxH)");
                return null;
            }
            Size largest = attempt(key + ".largest", () -> Size.parse(spec.largest()));
            if (largest == null) {
                return null;
            }
            sizes = attempt(key, () -> new SizeRule.Ranged(spec.multipleOf() == null ? 1 : spec.multipleOf(),
                    spec.minSide() == null ? 1 : spec.minSide(), largest,
                    spec.maxAspect() == null ? Double.MAX_VALUE : spec.maxAspect().doubleValue(), listed));
        } else {
            sizes = new SizeRule.Listed(listed);
        }
        if (sizes != null && !sizes.admitsAnySize()) {
            problem(key, "admits no size (" + sizes.describe() + ")");
            return null;
        }
        return sizes;
    }

    private Pricing pricing(String key, PricingSpec spec) {
        String kinds = "per-image, per-megapixel, per-token, per-gpu-second, per-credit or per-run";
        if (spec == null) {
            problem(key, "a model needs a price: one of " + kinds);
            return null;
        }
        List<Supplier<Pricing>> set = new ArrayList<>();
        if (spec.perImage() != null && !spec.perImage().isEmpty()) {
            set.add(() -> {
                Map<String, Usd> prices = new LinkedHashMap<>();
                spec.perImage().forEach((k, usd) -> prices.put(k, Usd.of(usd)));
                return new Pricing.PerImage(prices);
            });
        }
        if (spec.perMegapixel() != null) {
            set.add(() -> new Pricing.PerMegapixel(Usd.of(spec.perMegapixel())));
        }
        if (spec.perToken() != null) {
            set.add(() -> perToken(spec.perToken()));
        }
        if (spec.perGpuSecond() != null) {
            set.add(() -> new Pricing.PerGpuSecond(Usd.of(spec.perGpuSecond())));
        }
        if (spec.perCredit() != null) {
            set.add(() -> new Pricing.PerCredit(Usd.of(required(spec.perCredit().usd(), "usd")),
                    spec.perCredit().creditsPerImage()));
        }
        if (spec.perRun() != null) {
            set.add(() -> new Pricing.PerRun(Usd.of(spec.perRun())));
        }
        if (set.size() != 1) {
            problem(key, set.isEmpty() ? "a model needs a price: one of " + kinds
                    : "set exactly one of " + kinds + ", found " + set.size());
            return null;
        }
        return attempt(key, set.get(0));
    }

    private static Pricing perToken(ModelSpec.PerTokenSpec spec) {
        Map<String, Map<Size, Long>> table = new LinkedHashMap<>();
        if (spec.outputTokens() != null) {
            spec.outputTokens().forEach((quality, bySize) -> {
                Map<Size, Long> tokens = new LinkedHashMap<>();
                bySize.forEach((size, count) -> tokens.put(Size.parse(size), count));
                table.put(quality, tokens);
            });
        }
        return new Pricing.PerToken(Usd.of(required(spec.textInput(), "text-input")),
                Usd.of(spec.imageInput() == null ? BigDecimal.ZERO : spec.imageInput()),
                Usd.of(required(spec.output(), "output")), table);
    }

    private static BigDecimal required(BigDecimal value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    private static <T extends Comparable<T>> Capabilities.Range<T> range(
            RangeSpec spec, Function<BigDecimal, T> convert) {
        if (spec == null) {
            return null;
        }
        if (spec.min() == null || spec.max() == null) {
            throw new IllegalArgumentException("a range needs min and max");
        }
        return new Capabilities.Range<>(convert.apply(spec.min()), convert.apply(spec.max()));
    }

    private <T> T attempt(String key, Supplier<T> build) {
        try {
            return build.get();
        } catch (RuntimeException e) {
            problem(key, e.getMessage());
            return null;
        }
    }

    private void problem(String key, String reason) {
        problems.add(key + ": " + reason);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
