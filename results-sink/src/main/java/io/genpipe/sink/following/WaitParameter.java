package io.genpipe.sink.following;

import io.genpipe.sink.BadQuery;
import org.springframework.boot.convert.DurationStyle;

import java.time.Duration;

/** The {@code wait} query parameter, written as the sink's windows are: {@code 30s}, {@code 500ms}. */
public final class WaitParameter {

    private WaitParameter() {
    }

    /** @throws BadQuery naming {@code wait} when it is no duration, or longer than {@code longest} */
    public static Duration parse(String text, Duration longest) {
        Duration wait;
        try {
            wait = DurationStyle.SIMPLE.parse(text);
        } catch (IllegalArgumentException e) {
            throw BadQuery.of("wait", text, "a duration such as 30s or 500ms");
        }
        if (wait.isNegative() || wait.compareTo(longest) > 0) {
            throw BadQuery.of("wait", text, "from 0s to " + longest.toSeconds() + "s");
        }
        return wait;
    }
}
