package io.genpipe.infra;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * Prepares a KRaft log directory the way {@code kafka-storage.sh format} does, using Kafka's own formatter.
 */
final class KafkaStorage {

    private static final String META_PROPERTIES = "meta.properties";

    private KafkaStorage() {
    }

    /**
     * Formats {@code logDir} for a single combined node unless it already is formatted: the local run keeps its
     * topics and offsets across restarts, and formatting again would mint a new cluster id that the existing
     * data no longer matches.
     *
     * @return true if the directory was formatted now, false if it already was
     */
    static boolean formatIfNeeded(Path logDir, int nodeId, String controllerListenerName) {
        if (Files.exists(logDir.resolve(META_PROPERTIES))) {
            return false;
        }
        try {
            new Formatter()
                    // The formatter narrates to stdout; the broker's own startup says what matters.
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(nodeId)
                    .setClusterId(Uuid.randomUuid().toString())
                    .addDirectory(logDir.toString())
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(controllerListenerName)
                    .run();
            return true;
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the Kafka log directory " + logDir, e);
        }
    }
}
