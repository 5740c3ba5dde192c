package io.genpipe.sink.recording;

import io.genpipe.contracts.event.TrainedModel;
import io.genpipe.contracts.json.JsonSerde;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The jobs table names a trained model's kind as the contract's JSON does (and as V8's check allows). */
class TrainedModelColumnsTest {

    @ParameterizedTest
    @EnumSource(TrainedModel.Kind.class)
    void eachKindIsStoredUnderItsWireName(TrainedModel.Kind kind) {
        String json = JsonSerde.instance().writeString(new TrainedModel(kind, "owner/name:version", "TOK"));

        assertThat(json).contains("\"kind\":\"" + JobRecords.wireName(kind) + "\"");
        assertThat(JobRecords.wireName(kind)).isIn("lora-weights", "model-version", "custom-model");
    }
}
