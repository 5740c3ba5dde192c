package io.genpipe.messaging.tracing;

import io.genpipe.contracts.topic.Topics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JobTopicsTest {

    @Test
    void aJobsOwnTopicsAreTracedAndTheBackgroundOnesAreNot() {
        assertThat(JobTopics.carriesJobs(Topics.JOBS.name())).isTrue();
        assertThat(JobTopics.carriesJobs(Topics.dispatch("fal").name())).isTrue();
        assertThat(JobTopics.carriesJobs(Topics.ATTEMPTS.name())).isTrue();
        assertThat(JobTopics.carriesJobs(Topics.PROGRESS.name())).isTrue();
        assertThat(JobTopics.carriesJobs(Topics.OUTCOMES.name())).isTrue();

        assertThat(JobTopics.carriesJobs(Topics.PROVIDER_HEALTH.name())).isFalse();
        assertThat(JobTopics.carriesJobs(Topics.SPEND.name())).isFalse();
        assertThat(JobTopics.carriesJobs(Topics.ALERTS.name())).isFalse();
        assertThat(JobTopics.carriesJobs(Topics.DLQ.name())).isFalse();
        assertThat(JobTopics.carriesJobs(null)).isFalse();
    }
}
