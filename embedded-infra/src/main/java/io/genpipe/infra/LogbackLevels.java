package io.genpipe.infra;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggerContextListener;
import org.slf4j.LoggerFactory;

/** Kept apart from {@link KafkaLogging} so that Logback classes load only when Logback is the backend. */
final class LogbackLevels {

    private LogbackLevels() {
    }

    /**
     * Gives the loggers a default level, now and after every reset of the Logback context. Spring Boot resets
     * Logback when it initialises logging, often after a test or the local run has started the broker; the
     * default is re-applied during that reset, before Boot applies its configuration, so an explicit
     * {@code logging.level.*} or logback.xml setting still wins.
     */
    static synchronized void setWhereUnset(List<String> loggerNames, String level) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        DefaultLevels defaults = new DefaultLevels(loggerNames, Level.toLevel(level));
        if (!context.getCopyOfListenerList().contains(defaults)) {
            context.addListener(defaults);
        }
        defaults.apply(context);
    }

    private record DefaultLevels(List<String> loggerNames, Level level) implements LoggerContextListener {

        void apply(LoggerContext context) {
            for (String name : loggerNames) {
                Logger logger = context.getLogger(name);
                if (logger.getLevel() == null) {
                    logger.setLevel(level);
                }
            }
        }

        @Override
        public boolean isResetResistant() {
            return true;
        }

        @Override
        public void onReset(LoggerContext context) {
            apply(context);
        }

        @Override
        public void onStart(LoggerContext context) {
        }

        @Override
        public void onStop(LoggerContext context) {
        }

        @Override
        public void onLevelChange(Logger logger, Level newLevel) {
        }
    }
}
