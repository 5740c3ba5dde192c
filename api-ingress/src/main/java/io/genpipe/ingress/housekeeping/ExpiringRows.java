package io.genpipe.ingress.housekeeping;

import java.time.Duration;

/** A table whose rows stop mattering after a while: {@link Housekeeping} deletes them now and then. */
public interface ExpiringRows {

    /** What the rows are, for the log: "idempotency keys". */
    String what();

    Duration purgeEvery();

    /** @return how many rows were deleted */
    int purgeExpired();
}
