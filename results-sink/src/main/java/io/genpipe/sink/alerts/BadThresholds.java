package io.genpipe.sink.alerts;

import io.genpipe.sink.AdminRefusal;
import io.genpipe.sink.VersionTag;
import org.springframework.http.ProblemDetail;

/**
 * What the alert thresholds' admin API refuses ({@link AdminRefusal}), naming the member at fault in {@code field}:
 * 400 for a body or header that breaks its shape, 422 for a primary provider the catalog does not have, 503 when
 * concurrent changes kept taking the next version ({@code If-Match} that is stale or malformed: {@link VersionTag}).
 */
final class BadThresholds extends AdminRefusal {

    static final String IF_MATCH = VersionTag.IF_MATCH;

    private BadThresholds(ProblemDetail problem) {
        super(problem);
    }

    /** @param field the member at fault ({@code successRate.below}); null when the whole body is */
    static BadThresholds invalid(String field, String detail) {
        return new BadThresholds(invalidProblem("Invalid alert thresholds", field, detail));
    }

    /** Follows the body's shape, not the catalog. */
    static BadThresholds refused(String field, String detail) {
        return new BadThresholds(unknownProviderProblem(field, detail));
    }

    static BadThresholds busy(int attempts) {
        return retryAfterASecond(new BadThresholds(busyProblem("Alert thresholds busy", "The alert thresholds",
                attempts)));
    }
}
