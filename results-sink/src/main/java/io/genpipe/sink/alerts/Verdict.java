package io.genpipe.sink.alerts;

import java.math.BigDecimal;

/** What a rule makes of its figures now. */
sealed interface Verdict {

    /** Over the threshold. */
    record Breached(BigDecimal observed, Long sample, String message) implements Verdict {
    }

    /** On the right side of it. */
    record Within(BigDecimal observed, String message) implements Verdict {
    }

    /** Too little to judge (a sample under the minimum, costs unknown): the alert keeps the state it had. */
    record Undecided(String reason) implements Verdict {
    }
}
