package io.genpipe.cli.bulk;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonlChunksTest {

    @Test
    void linesGoInOrderInChunksOfTheSizeBlankOnesLeftOut() {
        assertThat(JsonlChunks.of(List.of("a", "", "b", "c", "  ", "d", "e"), 2))
                .containsExactly("a\nb\n", "c\nd\n", "e\n");
        assertThat(JsonlChunks.of(List.of("a", "b"), 2)).containsExactly("a\nb\n");
        assertThat(JsonlChunks.of(List.of("", " "), 2)).isEmpty();
        assertThatThrownBy(() -> JsonlChunks.of(List.of("a"), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
