package io.genpipe.ingress.uploads;

import io.genpipe.access.Caller;
import io.genpipe.contracts.event.JobInputs;
import io.genpipe.contracts.json.MessageFormatException;
import org.springframework.stereotype.Component;

import java.util.function.UnaryOperator;

/**
 * A job's {@code file:} inputs must be uploads of the caller's tenant: the workers read any file of their image store
 * that a job names, so a tenant naming another's upload would have it edited or trained on, and one naming a result
 * (or any other file) would have genpipe send it to a vendor. An admin key may name any upload, never anything else.
 * https inputs pass as they are; {@code data:} URIs never reach here (the contract refuses them).
 */
@Component
public class UploadedInputs {

    private final UploadStore store;

    UploadedInputs(UploadStore store) {
        this.store = store;
    }

    /** @see #require(JobInputs, Caller, UnaryOperator) */
    public void require(JobInputs inputs, Caller caller) {
        require(inputs, caller, UnaryOperator.identity());
    }

    /**
     * @param fieldName the request's name of a contract field ({@code inputs.images[2]} may be {@code jobs[3].inputs.images[2]}
     *                  in a batch, or {@code images[2].image_url} at the OpenAI endpoint)
     * @throws ForeignUploadException  for another tenant's upload (403)
     * @throws MessageFormatException for a {@code file:} reference that is no upload, or no longer exists (400)
     */
    public void require(JobInputs inputs, Caller caller, UnaryOperator<String> fieldName) {
        for (int i = 0; i < inputs.images().size(); i++) {
            check(inputs.images().get(i), caller, fieldName.apply("inputs.images[" + i + "]"));
        }
        if (inputs.mask() != null) {
            check(inputs.mask(), caller, fieldName.apply("inputs.mask"));
        }
        for (int i = 0; i < inputs.loras().size(); i++) {
            check(inputs.loras().get(i).url(), caller, fieldName.apply("inputs.loras[" + i + "].url"));
        }
    }

    private void check(String reference, Caller caller, String field) {
        if (!reference.regionMatches(true, 0, "file:", 0, 5)) {
            return;
        }
        switch (store.ownership(reference, caller.isAdmin() ? null : caller.tenantId())) {
            case OWN -> {
            }
            case FOREIGN -> throw new ForeignUploadException(field);
            case MISSING -> throw MessageFormatException.invalid(field, "names no upload that exists"
                    + " (POST /v1/uploads answers the file: reference to use)");
            case NOT_AN_UPLOAD -> throw MessageFormatException.invalid(field, "is a file: reference that is no"
                    + " upload; a file: input must be one POST /v1/uploads answered");
        }
    }
}
