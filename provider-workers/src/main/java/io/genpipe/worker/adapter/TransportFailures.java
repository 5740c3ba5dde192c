package io.genpipe.worker.adapter;

import io.genpipe.contracts.event.FailureClass;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Failures that happen before the vendor answers anything: the connection, the network, the time limit. A
 * vendor that cannot be reached may well be reachable through another provider, so all are RETRYABLE except a
 * call that ran out of time (TIMEOUT). Reasons name the kind of error only: exception messages can carry URLs
 * and other details that do not belong in events.
 */
public final class TransportFailures {

    private TransportFailures() {
    }

    public static GenerationResult.Failed classify(Throwable error) {
        return classify(error, null);
    }

    /** As {@link #classify(Throwable)}, naming the time limit of a call that ran out of time. */
    public static GenerationResult.Failed classify(Throwable error, Duration timeout) {
        Throwable cause = unwrap(error);
        if (cause instanceof HttpConnectTimeoutException) {
            return GenerationResult.Failed.of(FailureClass.RETRYABLE, "connect timed out");
        }
        if (cause instanceof HttpTimeoutException) {
            return timedOut(timeout);
        }
        if (cause instanceof ConnectException) {
            return GenerationResult.Failed.of(FailureClass.RETRYABLE, "connection refused");
        }
        if (cause instanceof IOException) {
            return GenerationResult.Failed.of(FailureClass.RETRYABLE, "connection error (" + kind(cause) + ")");
        }
        if (cause instanceof CancellationException) {
            return GenerationResult.Failed.of(FailureClass.RETRYABLE, "call cancelled");
        }
        return GenerationResult.Failed.of(FailureClass.RETRYABLE, "worker error (" + kind(cause) + ")");
    }

    /** The failure of a call that got no result within its time limit. */
    public static GenerationResult.Failed timedOut(Duration timeout) {
        return GenerationResult.Failed.of(FailureClass.TIMEOUT,
                timeout == null ? "no result within the attempt timeout" : "no result within " + text(timeout));
    }

    /** 120s, 1500ms. */
    static String text(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    private static String kind(Throwable error) {
        return error.getClass().getSimpleName();
    }

    public static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
