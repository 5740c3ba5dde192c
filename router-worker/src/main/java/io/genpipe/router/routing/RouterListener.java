package io.genpipe.router.routing;

import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.topic.TopicNames;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.messaging.EventPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * Feeds jobs and attempt results to {@link JobRouter} and publishes its decisions. A listener returns only
 * after the broker has acknowledged the decision, so an offset is committed only for work that was passed on:
 * a crash repeats a decision at worst, it never loses one.
 */
@Component
class RouterListener {

    static final String GROUP = "genpipe.router";
    private static final Logger log = LoggerFactory.getLogger(RouterListener.class);

    private final JobRouter router;
    private final EventPublisher publisher;
    private final Clock clock;

    RouterListener(JobRouter router, EventPublisher publisher, Clock clock) {
        this.router = router;
        this.publisher = publisher;
        this.clock = clock;
    }

    @KafkaListener(id = "router-jobs", groupId = GROUP, topics = TopicNames.JOBS)
    void onJob(JobRequested job) {
        apply(router.route(job, clock.instant()));
    }

    @KafkaListener(id = "router-attempts", groupId = GROUP, topics = TopicNames.ATTEMPTS)
    void onAttempt(AttemptResult result) {
        apply(router.reroute(result, clock.instant()));
    }

    private void apply(Decision decision) {
        if (decision instanceof Decision.Dispatch dispatch) {
            var attempt = dispatch.attempt();
            log.debug("job {} attempt {} -> {} ({})", attempt.jobId(), attempt.attempt(), attempt.provider(), attempt.reason());
            publisher.publish(Topics.dispatch(attempt.provider()), attempt.jobId(), attempt).join();
        } else if (decision instanceof Decision.Finish finish) {
            var outcome = finish.outcome();
            log.debug("job {} finished: {}", outcome.jobId(), outcome.getClass().getSimpleName());
            publisher.publish(Topics.OUTCOMES, outcome.jobId(), outcome).join();
        }
    }
}
