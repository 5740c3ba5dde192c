package io.genpipe.router.streams;

import io.genpipe.catalog.CatalogFiles;
import io.genpipe.catalog.LiveCatalog;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.JobFailed;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.messaging.health.ProviderHealthView;
import io.genpipe.messaging.settings.ProviderSettingsView;
import io.genpipe.messaging.tracing.MessageTracing;
import io.genpipe.router.budget.TenantBudgets;
import io.genpipe.router.cooldown.CooldownRules;
import io.genpipe.router.cooldown.CooldownSettings;
import io.genpipe.router.cooldown.CooldownView;
import io.genpipe.router.observed.Observations;
import io.genpipe.router.policy.PolicySettings;
import io.genpipe.router.routing.Availability;
import io.genpipe.router.routing.JobRouter;
import io.genpipe.router.routing.RoutePlanner;
import io.genpipe.router.routing.RoutingSettings;
import io.genpipe.router.tracking.JobState;
import io.genpipe.router.tracking.JobTracker;
import io.genpipe.router.tracking.Step;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;

import static io.genpipe.contracts.event.GenpipeEvent.SCHEMA_VERSION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The router's whole topology on Kafka Streams' test driver, with a decision that throws (a defect in the router):
 * the job must still end, once, and the record must still reach the DLQ, where it did before alone.
 */
class RoutingDefectTest {

    private static final Instant NOW = Instant.parse("2026-12-08T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final RoutingSettings settings = RoutingSettings.defaults();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final JobRouter router = new JobRouter(new RoutePlanner(new LiveCatalog(CatalogFiles.defaults()),
            new Availability(new ProviderSettingsView(), new ProviderHealthView(), new CooldownView()),
            PolicySettings.defaults(), TenantBudgets.none(), meters), settings);
    /** Routes as the real one does, except that a job whose prompt says "defect" makes it throw. */
    private final JobTracker tracker = new JobTracker(router, settings) {
        @Override
        public Step onJob(JobState state, JobRequested job, Instant now) {
            if (state == null && job.prompt().contains("defect")) { // a defect in routing a new job
                throw new IllegalStateException("a bug the prompt " + job.prompt() + " trips");
            }
            return super.onJob(state, job, now);
        }
    };
    private final TopologyTestDriver driver = new TopologyTestDriver(RouterTopology.build(
            () -> new RoutingProcessor(tracker, settings, new RouterMetrics(meters), CLOCK, new Observations(),
                    MessageTracing.NONE),
            () -> new CooldownProcessor(new CooldownRules(CooldownSettings.defaults()), settings.timerInterval(),
                    meters, CLOCK),
            () -> new BudgetProcessor(TenantBudgets.none(), new BudgetMeters(meters), CLOCK), tenant -> false,
            provider -> false, 6),
            properties());
    private final TestInputTopic<String, byte[]> jobs = driver.createInputTopic(Topics.JOBS.name(),
            new StringSerializer(), new ByteArraySerializer());
    private final TestOutputTopic<String, byte[]> outcomes = driver.createOutputTopic(Topics.OUTCOMES.name(),
            new StringDeserializer(), new ByteArrayDeserializer());
    private final TestOutputTopic<String, byte[]> deadLetters = driver.createOutputTopic(Topics.DLQ.name(),
            new StringDeserializer(), new ByteArrayDeserializer());

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void aJobWhoseRoutingThrowsEndsAtOnceWithTheDefectsWordsAndItsRecordIsDeadLettered() {
        JobRequested job = job("j-defect", "a defect in the lighthouse");

        jobs.pipeInput(job.jobId(), JsonSerde.instance().write(job));

        List<TestRecord<String, byte[]>> ended = outcomes.readRecordsToList();
        assertThat(ended).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(job.jobId());
            JobFailed failed = JsonSerde.instance().read(record.value(), JobFailed.class);
            assertThat(failed.failureClass()).isEqualTo(FailureClass.INTERNAL_ERROR);
            assertThat(failed.reason()).contains("the router failed to route it",
                    "IllegalStateException: a bug the prompt a defect in the lighthouse trips");
            assertThat(failed.attempts()).isEmpty();
        });
        assertThat(deadLetters.readRecordsToList()).as("kept for whoever fixes the defect").hasSize(1);
    }

    @Test
    void aDefectiveJobReadAgainEndsTheSameWayAndNotTwice() {
        JobRequested job = job("j-defect-2", "another defect");
        jobs.pipeInput(job.jobId(), JsonSerde.instance().write(job));
        JobFailed first = JsonSerde.instance().read(outcomes.readValue(), JobFailed.class);

        jobs.pipeInput(job.jobId(), JsonSerde.instance().write(job)); // redelivered

        List<byte[]> again = outcomes.readValuesToList();
        assertThat(again).as("the finished job's outcome, republished with its id").singleElement()
                .satisfies(value -> assertThat(JsonSerde.instance().read(value, JobFailed.class).eventId())
                        .isEqualTo(first.eventId()));
    }

    private static JobRequested job(String jobId, String prompt) {
        return new JobRequested(SCHEMA_VERSION, "e-" + jobId, jobId, NOW, "acme", null, Operation.TEXT_TO_IMAGE,
                prompt, ImageParams.defaults(), null, null, null, null);
    }

    private static Properties properties() {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "genpipe.router");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        // As the router configures them (RouterStreamsConfiguration.streamsConfig).
        properties.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        properties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        return properties;
    }
}
