package io.genpipe.contracts.event;

/**
 * The arm of an A/B experiment a job was assigned to. The router assigns it at the first dispatch, and the
 * dispatch, every attempt result and the outcome carry it, so that results can be compared by arm. A job keeps its
 * arm when it falls back to another provider: arms are compared as assigned.
 *
 * @param experiment the experiment's id, from the router's configuration
 * @param arm        the arm's name
 */
public record ExperimentArm(String experiment, String arm) {

    public ExperimentArm {
        Require.id(experiment, "experiment.experiment");
        Require.id(arm, "experiment.arm");
    }
}
