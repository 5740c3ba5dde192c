package io.genpipe.ingress.submission;

/** The broker did not acknowledge a job in time: the caller gets 503 and should retry. */
public class BrokerUnavailableException extends RuntimeException {

    BrokerUnavailableException(Throwable cause) {
        super("the job queue did not acknowledge the job: " + cause.getClass().getSimpleName(), cause);
    }
}
