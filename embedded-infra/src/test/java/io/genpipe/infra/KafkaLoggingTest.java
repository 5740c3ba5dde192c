package io.genpipe.infra;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class KafkaLoggingTest {

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    @AfterEach
    void restoreTestLoggingConfiguration() throws Exception {
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @Test
    void turnsKafkaLoggersDownToWarn() {
        KafkaLogging.quietUnlessConfigured();

        assertThat(context.getLogger("org.apache.kafka").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("kafka").getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void keepsThemDownWhenLoggingIsReinitialisedAsSpringBootDoes() {
        KafkaLogging.quietUnlessConfigured();

        context.reset();

        assertThat(context.getLogger("org.apache.kafka").getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void leavesALevelSomebodyConfiguredAlone() {
        context.getLogger("kafka").setLevel(Level.DEBUG);

        KafkaLogging.quietUnlessConfigured();

        assertThat(context.getLogger("kafka").getLevel()).isEqualTo(Level.DEBUG);
    }
}
