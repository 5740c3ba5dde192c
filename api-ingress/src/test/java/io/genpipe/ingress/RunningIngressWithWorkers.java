package io.genpipe.ingress;

import io.genpipe.messaging.EventPublisher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The running ingress, with {@link #health} to speak for worker instances on the health topic; what a test said is
 * withdrawn after it, so the next one starts from silence.
 */
public abstract class RunningIngressWithWorkers extends RunningIngress {

    @Autowired
    private EventPublisher publisher;

    protected HealthReports health;

    @BeforeEach
    void speakForWorkers() {
        health = new HealthReports(publisher);
    }

    @AfterEach
    void withdrawReports() {
        health.close();
    }
}
