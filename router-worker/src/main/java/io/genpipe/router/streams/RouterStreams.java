package io.genpipe.router.streams;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.HashMap;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Runs the router's topology for as long as the application runs. It stops within {@link #CLOSE_TIMEOUT} and leaves
 * the group as it goes, so another router instance takes its partitions at once rather than after a session timeout.
 * A stream thread that dies of an error is replaced and resumes from the last commit: nothing is lost, and a decision
 * made again carries the same ids.
 */
class RouterStreams implements SmartLifecycle {

    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);
    private static final Logger log = LoggerFactory.getLogger(RouterStreams.class);

    private final Topology topology;
    private final Map<String, Object> config;
    private final MeterRegistry meters;
    private final Path temporaryStateDir;
    private volatile KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;

    /**
     * @param config Kafka Streams settings; without a {@code state.dir} the stores live in a fresh temporary directory
     *               (deleted at stop) and are restored from their changelogs at each start
     */
    RouterStreams(Topology topology, Map<String, Object> config, MeterRegistry meters) {
        this.topology = topology;
        this.meters = meters;
        Map<String, Object> withStateDir = new HashMap<>(config);
        this.temporaryStateDir = config.containsKey(StreamsConfig.STATE_DIR_CONFIG) ? null : createStateDir();
        if (temporaryStateDir != null) {
            withStateDir.put(StreamsConfig.STATE_DIR_CONFIG, temporaryStateDir.toString());
        }
        this.config = Map.copyOf(withStateDir);
    }

    @Override
    public void start() {
        Properties properties = new Properties();
        properties.putAll(config);
        KafkaStreams started = new KafkaStreams(topology, properties);
        started.setUncaughtExceptionHandler(error -> {
            log.error("a router stream thread died; replacing it, it resumes from the last commit", error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streamsMetrics = new KafkaStreamsMetrics(started);
        streamsMetrics.bindTo(meters);
        started.start();
        streams = started;
    }

    @Override
    public void stop() {
        KafkaStreams running = streams;
        streams = null;
        if (running == null) {
            return;
        }
        boolean closed = running.close(CloseOptions.groupMembershipOperation(
                CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(CLOSE_TIMEOUT));
        if (!closed) {
            log.warn("the router's streams did not close within {}", CLOSE_TIMEOUT);
        }
        streamsMetrics.close();
        if (temporaryStateDir != null && closed) {
            deleteQuietly(temporaryStateDir);
        }
    }

    @Override
    public boolean isRunning() {
        return streams != null;
    }

    KafkaStreams.State state() {
        KafkaStreams running = streams;
        return running == null ? KafkaStreams.State.NOT_RUNNING : running.state();
    }

    /** RUNNING or REBALANCING is working; anything else (created, pending shutdown, error) is not. */
    boolean isWorking() {
        KafkaStreams.State state = state();
        return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
    }

    /** The tasks (partitions of the router's inputs) this instance processes now. */
    int activeTasks() {
        KafkaStreams running = streams;
        return running == null ? 0 : running.metadataForLocalThreads().stream()
                .mapToInt(thread -> thread.activeTasks().size()).sum();
    }

    private static Path createStateDir() {
        try {
            return Files.createTempDirectory("genpipe-router-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the router's state directory", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.debug("could not delete {}", dir, e);
        }
    }
}
