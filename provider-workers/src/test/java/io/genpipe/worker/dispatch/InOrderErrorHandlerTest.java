package io.genpipe.worker.dispatch;

import io.genpipe.messaging.DeadLetters;
import io.genpipe.messaging.MessagingSettings;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InOrderErrorHandlerTest {

    @Test
    void neverCommitsTheRecordItHandledButOtherwiseBehavesLikeTheSharedHandler() {
        // The template is never used here: nothing is dead-lettered, so no broker is needed.
        DeadLetters deadLetters = new DeadLetters(new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of())),
                new MessagingSettings.Retry(Duration.ofMillis(500), Duration.ofSeconds(30), 10));
        DefaultErrorHandler shared = deadLetters.newErrorHandler();

        DefaultErrorHandler handler = DispatchConsumers.inOrderErrorHandler(deadLetters);

        assertThat(shared.isAckAfterHandle()).isTrue();
        assertThat(handler.isAckAfterHandle()).isFalse();
        assertThat(handler.seeksAfterHandling()).isEqualTo(shared.seeksAfterHandling());
        assertThat(handler.deliveryAttemptHeader()).isEqualTo(shared.deliveryAttemptHeader());
    }
}
