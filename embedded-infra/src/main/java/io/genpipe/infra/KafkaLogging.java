package io.genpipe.infra;

import java.util.List;

import org.slf4j.LoggerFactory;

/**
 * Turns the broker's own chatter down to WARN. A broker start logs hundreds of INFO lines (every config value,
 * every coordinator partition) that drown the lines of the services running beside it.
 */
final class KafkaLogging {

    /** Loggers of the Kafka server (and of Kafka's clients, which log their whole configuration at INFO). */
    static final List<String> KAFKA_LOGGERS = List.of("kafka", "state.change.logger", "org.apache.kafka");

    private KafkaLogging() {
    }

    /**
     * Sets the Kafka loggers to WARN where nobody configured a level for them. Only Logback (Spring Boot's
     * default) is adjusted; with any other backend its own configuration decides.
     */
    static void quietUnlessConfigured() {
        if (isLogback()) {
            LogbackLevels.setWhereUnset(KAFKA_LOGGERS, "WARN");
        }
    }

    private static boolean isLogback() {
        try {
            Class.forName("ch.qos.logback.classic.LoggerContext", false, KafkaLogging.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return false;
        }
        return LoggerFactory.getILoggerFactory().getClass().getName().equals("ch.qos.logback.classic.LoggerContext");
    }
}
