package io.genpipe.sink.experiments;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a person thought of a job's images: the closed set of seed 001's buttons. */
public enum Rating {
    @JsonProperty("thumbs_up")
    THUMBS_UP("thumbs_up"),
    @JsonProperty("thumbs_down")
    THUMBS_DOWN("thumbs_down");

    private final String wireName;

    Rating(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    static Optional<Rating> fromWireName(String name) {
        return Arrays.stream(values()).filter(r -> r.wireName.equals(name)).findFirst();
    }

    static String accepted() {
        return Arrays.stream(values()).map(Rating::wireName).collect(Collectors.joining(" or "));
    }
}
