package io.genpipe.localstack;

import io.genpipe.catalog.CatalogFiles;
import io.genpipe.infra.InfrastructureSettings;
import io.genpipe.infra.LocalInfrastructure;
import io.genpipe.simulator.LatencyProfile;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;

import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The whole pipeline on one machine, in one process: a KRaft broker on 127.0.0.1:9092, PostgreSQL, the vendor
 * simulator (all eight vendors' APIs), and the four services on ports 8080 to 8083, every catalog provider on the
 * simulator unless {@code --real} sends it to its vendor or {@code --providers} leaves it out ({@link ProviderMix}).
 * Then it submits the 23-portrait batch and prints its statistics.
 */
public final class LocalStack {

    static final String DATABASE = "genpipe";
    private static final String CATALOG_PROVIDERS = "genpipe.catalog.providers.";

    private LocalStack() {
    }

    public static void main(String[] args) throws InterruptedException {
        // On 1-2 cores the common pool's parallelism is 1, and CompletableFuture then starts a thread per async
        // task; the vendor HTTP clients complete every answer that way. Must be set before the pool exists.
        System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", "2");
        LocalRunOptions options;
        ProviderMix mix;
        try {
            options = LocalRunOptions.parse(args);
            mix = ProviderMix.of(CatalogFiles.defaults(), options);
        } catch (IllegalArgumentException e) {
            // A mistake in the flags: said before anything starts, without a stack trace.
            System.err.println("genpipe local run: " + e.getMessage());
            System.exit(2);
            return;
        }
        AtomicReference<LocalInfrastructure> infrastructure = new AtomicReference<>();
        AtomicReference<Pipeline> pipeline = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (pipeline.get() != null) {
                pipeline.get().close();
            }
            if (infrastructure.get() != null) {
                infrastructure.get().close();
            }
            stopped.countDown();
        }, "local-stack-stop"));
        try {
            run(options, mix, infrastructure, pipeline, System.out);
        } catch (RuntimeException e) {
            // The broker's threads would keep the JVM alive after main ends: stop everything, and say why.
            System.err.println("genpipe local run failed: " + e);
            System.exit(1);
        }
        if (options.exitAfterDemo()) {
            System.exit(0);
        }
        System.out.println("Running until Ctrl-C.");
        stopped.await();
    }

    /** What the services of a local run are configured with on top of their own files, in one JVM or apart. */
    private static Map<String, String> servicesSettings(String webhookSecret, ProviderMix mix) {
        Map<String, String> settings = new HashMap<>(Map.ofEntries(
                Map.entry("spring.main.banner-mode", "off"),
                Map.entry("spring.main.log-startup-info", "false"),
                // After a hard kill, the dead consumers' partitions are handed over in 10 s, not 45 s.
                Map.entry("spring.kafka.consumer.properties.session.timeout.ms", "10000"),
                // A local run's webhook receivers are on this machine: plain http to 127.0.0.1 is allowed.
                Map.entry("genpipe.webhooks.allow-http", "true"),
                Map.entry("genpipe.webhooks.allow-private-addresses", "true"),
                Map.entry("genpipe.webhooks.signing-secret", webhookSecret)));
        // The simulator trains in seconds, not the minutes the catalog expects of the real vendors: the workers poll
        // it, and report progress, on its own scale. A real vendor keeps the catalog's.
        Map.of("fal", "fal-ai/flux-lora-fast-training", "replicate", "ostris/flux-dev-lora-trainer")
                .forEach((provider, trainer) -> {
                    if (!mix.isReal(provider)) {
                        settings.put(CATALOG_PROVIDERS + provider + ".models[" + trainer + "].latency-p50", "4s");
                        settings.put(CATALOG_PROVIDERS + provider + ".models[" + trainer + "].latency-p95", "10s");
                    }
                });
        return settings;
    }

    /** Whether the workers of this process would find a key in {@code variable}: a system property or the environment. */
    private static boolean isSet(String variable) {
        String value = System.getProperty(variable, System.getenv(variable));
        return value != null && !value.isBlank();
    }

    /** {@code --infra-only}: the services' properties files, and the commands that start each from its jar. */
    private static void printSeparateServices(LocalRunOptions options, ProviderMix mix,
                                              LocalInfrastructure infrastructure, PipelineSettings settings,
                                              PrintStream out) {
        SeparateServices services = new SeparateServices(settings, options.dataDir().resolve("services").toAbsolutePath());
        services.write();
        out.println();
        out.println("genpipe's infrastructure is running" + (options.falOutage() ? " (fal.ai simulator in outage)" : ""));
        out.println("  Kafka            " + infrastructure.kafkaBootstrapServers());
        out.println("  PostgreSQL       " + infrastructure.postgres().jdbcUrl(DATABASE) + "   user "
                + infrastructure.postgres().username());
        // The services started from their jars read a real provider's key from their own environment: this shell's.
        mix.describe(settings.providerBaseUrls(), LocalStack::isSet).forEach(line -> out.println("  " + line));
        out.println("  tenant key       " + settings.keys().tenantKey() + "   (tenant " + LocalKeys.TENANT + ")");
        out.println("  admin key        " + settings.keys().adminKey());
        out.println();
        out.println("Build the jars once (mvn -q -DskipTests package), then start each service in its own terminal,");
        out.println("from the repository's root; kill -9 any of them and start it again:");
        services.commands().forEach(command -> out.println("  " + command));
        out.println();
    }

    private static void run(LocalRunOptions options, ProviderMix mix,
                            AtomicReference<LocalInfrastructure> infrastructureRef,
                            AtomicReference<Pipeline> pipelineRef, PrintStream out) {
        InfrastructureSettings local = InfrastructureSettings.forLocalRun(options.dataDir());
        LocalInfrastructure infrastructure = LocalInfrastructure.start(new InfrastructureSettings(local.host(),
                options.kafkaPort(), local.kafkaDir(), local.postgresPort(), local.postgresDir(), local.simulator()));
        infrastructureRef.set(infrastructure);
        // Latencies of the real vendors' order of magnitude, so the demo's averages mean something.
        infrastructure.simulator().profile(Vendor.FAL, VendorProfile.healthy()
                .withLatency(new LatencyProfile(Duration.ofMillis(2500), Duration.ofMillis(4000)))
                .withOutage(options.falOutage()));
        infrastructure.simulator().profile(Vendor.OPENAI, VendorProfile.healthy()
                .withLatency(new LatencyProfile(Duration.ofMillis(6000), Duration.ofMillis(9000))));
        infrastructure.postgres().createDatabase(DATABASE);

        LocalKeys keys = LocalKeys.from(System.getenv());
        // Webhooks are signed with GENPIPE_WEBHOOK_SECRET, or with one made for this run (printed below, as the keys).
        String webhookSecret = System.getenv().getOrDefault("GENPIPE_WEBHOOK_SECRET",
                "whsec_" + java.util.UUID.randomUUID().toString().replace("-", ""));
        Map<String, String> properties = servicesSettings(webhookSecret, mix);
        if (!options.infraOnly()) {
            // Keep the logging of local-stack's logback.xml rather than Spring Boot's defaults (the services' own jars
            // have no such file: deployed apart, each logs as it does in production).
            properties.put("logging.config", "classpath:logback.xml");
        }
        PipelineSettings settings = new PipelineSettings(infrastructure.kafkaBootstrapServers(),
                infrastructure.postgres().jdbcUrl(DATABASE), infrastructure.postgres().username(),
                infrastructure.postgres().password(),
                mix.simulatorBaseUrls(infrastructure.simulator().baseUrls()),
                options.dataDir().resolve("images").toAbsolutePath(),
                8080, 8081, 8082, 8083, properties, keys, mix.serve(), mix.real());
        if (options.infraOnly()) {
            printSeparateServices(options, mix, infrastructure, settings, out);
            return;
        }
        Pipeline pipeline = Pipeline.start(settings);
        pipelineRef.set(pipeline);

        out.println();
        out.println("genpipe is running" + (options.falOutage() ? " (fal.ai simulator in outage)" : ""));
        out.println("  submit jobs      POST " + pipeline.ingressUrl() + "/v1/jobs   POST " + pipeline.ingressUrl() + "/v1/batches");
        out.println("  job / batch      GET  " + pipeline.sinkUrl() + "/v1/jobs/{id}   GET " + pipeline.sinkUrl() + "/v1/batches/{id}");
        out.println("  dashboard        " + pipeline.ingressUrl() + "/dashboard/   (paste the tenant or the admin key)");
        // The local run is the user's own: its keys are printed so the examples can be pasted as they are.
        out.println("  tenant key       " + keys.tenantKey() + "   (tenant " + LocalKeys.TENANT
                + "; export GENPIPE_KEY=... and send Authorization: Bearer $GENPIPE_KEY)");
        out.println("  admin key        " + keys.adminKey() + "   (role ADMIN: every tenant, /v1/admin, metrics)");
        out.println("  webhook secret   " + webhookSecret + "   (Genpipe-Signature of callbackUrl deliveries;"
                + " http and 127.0.0.1 allowed here)");
        out.println("  Kafka            " + infrastructure.kafkaBootstrapServers() + "   (topic genpipe.jobs.v1 for direct producers)");
        out.println("  PostgreSQL       " + infrastructure.postgres().jdbcUrl(DATABASE) + "   user " + infrastructure.postgres().username());
        out.println("  reports          GET  " + pipeline.sinkUrl() + "/v1/costs?groupBy=provider   GET "
                + pipeline.sinkUrl() + "/v1/stats?window=1h   (add format=csv for a spreadsheet)");
        // By default every provider of the catalog is served, through its simulator: GET /v1/models and health show
        // them all. A real one is named with the variable its key is read from, never the key.
        mix.describe(settings.providerBaseUrls(), LocalStack::isSet).forEach(line -> out.println("  " + line));
        out.println("  images           " + options.dataDir().resolve("images").toAbsolutePath());
        out.println();

        if (options.demo()) {
            String batchId = "portraits-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            new PortraitDemo(pipeline.ingressUrl(), pipeline.sinkUrl(), pipeline.tenantHttp(), out)
                    .run(batchId, Duration.ofMinutes(5));
        }
    }
}
