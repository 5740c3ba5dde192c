package io.genpipe.worker.dispatch;

import io.genpipe.contracts.event.AttemptFailed;
import io.genpipe.contracts.event.AttemptResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One line per attempt a worker reports (seed 002's request log): which provider and model, how it ended, how long
 * the vendor took, what it cost and how many vendor calls it made, with the job's id in the line and in the MDC
 * ({@code jobId}) beside the trace's ({@code traceId}), so a job's lines can be found in any service's log.
 *
 * <p>Logger {@code io.genpipe.worker.requests} at INFO; set it to WARN to turn the log off.
 */
final class RequestLog {

    private static final Logger log = LoggerFactory.getLogger("io.genpipe.worker.requests");

    private RequestLog() {
    }

    static void attempted(AttemptResult result) {
        if (!log.isInfoEnabled()) {
            return;
        }
        try (MDC.MDCCloseable job = MDC.putCloseable("jobId", result.jobId())) {
            String outcome = result instanceof AttemptFailed failed
                    ? "failed " + failed.failureClass() + " (" + failed.reason() + ")" : "succeeded";
            log.info("job {} attempt {} on {} {}: {} in {} ms, cost {}, {} vendor call(s)", result.jobId(),
                    result.attempt(), result.provider(), result.model(), outcome, result.latencyMs(),
                    result.costUsd() == null ? "unknown" : "$" + result.costUsd().toPlainString(),
                    result.calls().size());
        }
    }
}
