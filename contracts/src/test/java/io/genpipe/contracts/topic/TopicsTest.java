package io.genpipe.contracts.topic;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicsTest {

    @Test
    void eachProviderHasItsOwnDispatchTopic() {
        assertThat(Topics.dispatch("openai-eu").name()).isEqualTo("genpipe.dispatch.openai-eu.v1");
        assertThat(Topics.dispatch("fal").valueType()).isEqualTo(AttemptDispatched.class);
    }

    @Test
    void providerNamesThatCannotBeTopicNamesAreRefused() {
        assertThatThrownBy(() -> Topics.dispatch("Fal AI")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Topics.dispatch("../x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void topicsAreFoundByName() {
        assertThat(Topics.forName("genpipe.attempts.v1")).get().extracting(Topic::valueType).isEqualTo(AttemptResult.class);
        assertThat(Topics.forName("genpipe.dispatch.fal.v1")).contains(Topics.dispatch("fal"));
        assertThat(Topics.forName("someone.elses.topic")).isEmpty();
    }
}
