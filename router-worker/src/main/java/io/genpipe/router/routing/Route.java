package io.genpipe.router.routing;

import io.genpipe.contracts.event.ExperimentArm;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.RouteExplanation;

import java.time.Duration;
import java.util.List;

/**
 * The provider and model chosen for the next attempt, and why, in words an operator can read.
 *
 * @param params      what the vendor is to be sent: the job's parameters, adjusted where the model needs it
 * @param adjustments each adjustment in words; empty when the job's parameters are sent as they are
 * @param explanation the same reason for programs: the policy, the scores, the candidates passed over
 * @param experiment  the job's A/B arm; {@code null} when it is in none
 * @param slowCall    the model's slow (p95) call time in the catalog: an attempt on a model whose calls run for
 *                    minutes (a training) gets a deadline to match
 */
public record Route(String provider, String model, String reason, ImageParams params, List<String> adjustments,
                    RouteExplanation explanation, ExperimentArm experiment, Duration slowCall) {

    public Route {
        adjustments = List.copyOf(adjustments);
    }
}
