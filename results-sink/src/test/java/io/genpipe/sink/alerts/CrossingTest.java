package io.genpipe.sink.alerts;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Once per crossing, with a fixed clock: a small state machine over the steps, as the {@link AlertBook} would carry
 * them out, fed a run of verdicts.
 */
class CrossingTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    private static final Verdict OVER = new Verdict.Breached(BigDecimal.ONE, 20L, "over");
    private static final Verdict UNDER = new Verdict.Within(BigDecimal.ZERO, "under");
    private static final Verdict TOO_FEW = new Verdict.Undecided("3 attempts");

    @Test
    void anAlertFiresOnceWhenItCrossesAndNotAgainWhileItStaysOver() {
        Book book = new Book(Duration.ZERO);

        book.feed(UNDER, OVER, OVER, OVER, TOO_FEW, OVER);

        assertThat(book.told).containsExactly("raised");
    }

    @Test
    void itFiresAgainOnlyAfterItHasCleared() {
        Book book = new Book(Duration.ZERO);

        book.feed(OVER, OVER, UNDER, UNDER, OVER, OVER);

        assertThat(book.told).containsExactly("raised", "cleared", "raised");
    }

    @Test
    void tooLittleToJudgeNeitherFiresNorClears() {
        Book book = new Book(Duration.ZERO);

        book.feed(TOO_FEW, TOO_FEW);
        assertThat(book.told).isEmpty();

        book.feed(OVER, TOO_FEW, TOO_FEW);
        assertThat(book.told).containsExactly("raised");
        assertThat(book.state).isInstanceOf(AlertState.Firing.class);
    }

    @Test
    void aSustainedRuleFiresOnlyOnceItHasHeldForItsTime() {
        Book book = new Book(Duration.ofMinutes(5));

        book.feedEvery(Duration.ofSeconds(30), OVER, OVER, OVER, OVER, OVER, OVER, OVER, OVER, OVER, OVER);
        assertThat(book.told).as("4.5 minutes down").isEmpty();
        assertThat(book.state).isInstanceOf(AlertState.Pending.class);

        book.feedEvery(Duration.ofSeconds(30), OVER, OVER, OVER);
        assertThat(book.told).as("5 minutes down, then still").containsExactly("raised");
    }

    @Test
    void aSustainedRuleThatRecoversInTimeIsForgottenUntold() {
        Book book = new Book(Duration.ofMinutes(5));

        book.feedEvery(Duration.ofMinutes(1), OVER, OVER, UNDER, OVER, OVER);

        assertThat(book.told).isEmpty();
        assertThat(((AlertState.Pending) book.state).since()).as("counts again from the new breach")
                .isEqualTo(CLOCK.instant().plus(Duration.ofMinutes(3)));
    }

    /** The steps carried out on one subject's state, as the table would hold it. */
    private static final class Book {

        private final Duration sustain;
        private final List<String> told = new ArrayList<>();
        private AlertState state = new AlertState.Quiet();
        private Instant now = CLOCK.instant();

        Book(Duration sustain) {
            this.sustain = sustain;
        }

        void feed(Verdict... verdicts) {
            feedEvery(Duration.ofSeconds(30), verdicts);
        }

        void feedEvery(Duration every, Verdict... verdicts) {
            for (Verdict verdict : verdicts) {
                Crossing.Step step = Crossing.next(state, verdict, now, sustain);
                if (step instanceof Crossing.Open open) {
                    state = open.raised() ? new AlertState.Firing(UUID.randomUUID(), now)
                            : new AlertState.Pending(UUID.randomUUID(), now);
                    if (open.raised()) {
                        told.add("raised");
                    }
                } else if (step instanceof Crossing.Raise) {
                    state = new AlertState.Firing(((AlertState.Pending) state).alertId(), now);
                    told.add("raised");
                } else if (step instanceof Crossing.Clear) {
                    state = new AlertState.Quiet();
                    told.add("cleared");
                } else if (step instanceof Crossing.Forget) {
                    state = new AlertState.Quiet();
                }
                now = now.plus(every);
            }
        }
    }
}
