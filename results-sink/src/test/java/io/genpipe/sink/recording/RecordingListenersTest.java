package io.genpipe.sink.recording;

import io.genpipe.contracts.topic.Topics;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class RecordingListenersTest {

    private final Pattern dispatchTopics = Pattern.compile(RecordingListeners.DISPATCH_TOPICS);

    @Test
    void theDispatchListenerReadsTheTopicOfEveryProviderTheContractNames() {
        assertThat(List.of("fal", "openai", "openai-eu-2", "p-1")).allSatisfy(provider ->
                assertThat(dispatchTopics.matcher(Topics.dispatch(provider).name()).matches()).isTrue());
    }

    @Test
    void theDispatchListenerReadsNoOtherTopic() {
        assertThat(List.of(Topics.JOBS.name(), Topics.ATTEMPTS.name(), Topics.OUTCOMES.name(), Topics.DLQ.name(),
                "genpipe.dispatch.fal.v2", "genpipe.dispatch..v1")).allSatisfy(topic ->
                assertThat(dispatchTopics.matcher(topic).matches()).isFalse());
    }
}
