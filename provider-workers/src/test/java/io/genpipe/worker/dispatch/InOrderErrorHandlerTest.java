package io.genpipe.worker.dispatch;

import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.DefaultErrorHandler;

import static org.assertj.core.api.Assertions.assertThat;

class InOrderErrorHandlerTest {

    @Test
    void neverCommitsTheRecordItHandledButOtherwiseBehavesLikeTheSharedHandler() {
        DefaultErrorHandler shared = new DefaultErrorHandler();

        InOrderErrorHandler handler = new InOrderErrorHandler(shared);

        assertThat(shared.isAckAfterHandle()).isTrue();
        assertThat(handler.isAckAfterHandle()).isFalse();
        assertThat(handler.seeksAfterHandling()).isEqualTo(shared.seeksAfterHandling());
        assertThat(handler.deliveryAttemptHeader()).isEqualTo(shared.deliveryAttemptHeader());
    }
}
