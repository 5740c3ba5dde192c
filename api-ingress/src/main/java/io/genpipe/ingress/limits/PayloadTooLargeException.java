package io.genpipe.ingress.limits;

import org.springframework.util.unit.DataSize;

/** A request body over {@code genpipe.ingress.limits.max-body-size}: 413, nothing read further. */
public class PayloadTooLargeException extends RuntimeException {

    PayloadTooLargeException(DataSize limit) {
        super("The request body may be at most " + limit.toBytes() + " bytes ("
                + limit.toKilobytes() / 1024 + " MiB)");
    }
}
