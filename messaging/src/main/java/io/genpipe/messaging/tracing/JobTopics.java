package io.genpipe.messaging.tracing;

import io.genpipe.contracts.topic.Topics;

import java.util.Set;

/** The topics a job's records travel: those its trace follows. */
public final class JobTopics {

    private static final Set<String> FLOW = Set.of(Topics.JOBS.name(), Topics.ATTEMPTS.name(),
            Topics.OUTCOMES.name(), Topics.PROGRESS.name());
    private static final String DISPATCH = "genpipe.dispatch.";

    private JobTopics() {
    }

    /** The jobs, dispatch, attempts, progress and outcomes topics; not health, settings, spend or alerts. */
    public static boolean carriesJobs(String topic) {
        return topic != null && (FLOW.contains(topic) || topic.startsWith(DISPATCH));
    }
}
