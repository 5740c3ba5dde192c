package io.genpipe.ingress.limits;

import org.springframework.util.unit.DataSize;

/** A request body (or an upload) over its limit ({@code genpipe.ingress.limits.max-body-size}): 413, nothing read further. */
public class PayloadTooLargeException extends RuntimeException {

    PayloadTooLargeException(DataSize limit) {
        this("The request body", limit);
    }

    /** @param what the thing over its limit, as the caller knows it ({@code An upload}) */
    public PayloadTooLargeException(String what, DataSize limit) {
        super(what + " may be at most " + limit.toBytes() + " bytes (" + limit.toKilobytes() / 1024 + " MiB)");
    }
}
