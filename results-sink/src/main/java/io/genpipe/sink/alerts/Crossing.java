package io.genpipe.sink.alerts;

import java.time.Duration;
import java.time.Instant;

/**
 * Once per crossing: what a verdict does to an alert's state. An alert fires when its rule is breached and it was
 * quiet (after being breached for {@code sustain}, for a rule that has one), and not again until it has cleared; it
 * clears when the rule is within its threshold again. An undecided verdict changes nothing. Pure: the
 * {@link AlertBook} carries the step out, guarded in the database so two sink instances cannot both take it.
 */
final class Crossing {

    private Crossing() {
    }

    /** What to do. */
    sealed interface Step {
    }

    /** Nothing changes. */
    record Stay() implements Step {
    }

    /** Opens the alert: raised at once ({@code raised}), or pending until it has held for its sustain time. */
    record Open(boolean raised) implements Step {
    }

    /** The pending alert has held long enough: raise it. */
    record Raise() implements Step {
    }

    /** The raised alert is within its threshold again. */
    record Clear() implements Step {
    }

    /** The pending alert came back before it fired: forget it, nobody was told. */
    record Forget() implements Step {
    }

    static Step next(AlertState state, Verdict verdict, Instant now, Duration sustain) {
        if (verdict instanceof Verdict.Undecided) {
            return new Stay();
        }
        boolean breached = verdict instanceof Verdict.Breached;
        if (state instanceof AlertState.Pending pending) {
            if (!breached) {
                return new Forget();
            }
            return Duration.between(pending.since(), now).compareTo(sustain) >= 0 ? new Raise() : new Stay();
        }
        if (state instanceof AlertState.Firing) {
            return breached ? new Stay() : new Clear();
        }
        return breached ? new Open(sustain.isZero()) : new Stay();
    }
}
