package io.genpipe.contracts.catalog;

import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.JobInputs;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.Operation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a model can do a job as asked: the parameters it would be sent (with any adjustment named), or the
 * field it cannot serve and why. The router skips a model that does not fit, with the reason in its plan; the
 * ingress refuses a job no model fits with the same reason. Nothing is ever silently downgraded.
 */
public sealed interface Fit {

    /**
     * A job for more images than the model makes in one call is made in several calls of one attempt, at most this
     * many: the worker splits it, and the attempt is billed for every call. Bounded, so one attempt stays one
     * deadline's worth of work.
     */
    int MAX_CALLS_PER_ATTEMPT = 4;

    /**
     * @param sent        the parameters the vendor is sent
     * @param adjustments what differs from the job's own parameters, in words ("size 1000x1000 sent as 1008x1008")
     */
    record Fits(ImageParams sent, List<String> adjustments) implements Fit {

        public Fits {
            adjustments = List.copyOf(adjustments);
        }
    }

    /**
     * @param field  the job's field at fault, in the contract's names ({@code params.width}, {@code model})
     * @param reason why, naming what the model allows ("allows at most 3840x2160, asked 4096x4096")
     */
    record Refused(String field, String reason) implements Fit {
    }

    /** Can {@code model} do {@code operation} for this prompt and these parameters on {@code today}? */
    static Fit check(CatalogModel model, Operation operation, String prompt, ImageParams params, LocalDate today) {
        return check(model, operation, prompt, params, JobInputs.NONE, today);
    }

    /** Can {@code model} do this job on {@code today}: its operation, prompt, parameters and inputs? */
    static Fit check(CatalogModel model, JobRequested job, ImageParams params, LocalDate today) {
        return check(model, job.operation(), job.prompt(), params, job.inputs(), today);
    }

    /** Can {@code model} do {@code operation} for this prompt, these parameters and inputs on {@code today}? */
    static Fit check(CatalogModel model, Operation operation, String prompt, ImageParams params, JobInputs inputs,
                     LocalDate today) {
        if (model.lifecycle().isShutDown(today)) {
            return new Refused("model", model.lifecycle().shutDownReason());
        }
        if (!model.supports(operation)) {
            return new Refused("operation", "does not do " + operation.wireName());
        }
        Capabilities can = model.capabilities();
        if (can.maxPromptLength() != null && prompt.length() > can.maxPromptLength()) {
            return new Refused("prompt", "allows at most " + can.maxPromptLength() + " characters, asked "
                    + prompt.length());
        }
        Optional<Refused> inputsRefused = inputs(can, inputs);
        if (inputsRefused.isPresent()) {
            return inputsRefused.get();
        }
        if (operation == Operation.MODEL_TRAINING) {
            // A training makes no images: sizes and counts are not asked of it.
            return new Fits(params, List.of());
        }
        int calls = callsFor(params.count(), can.maxImages());
        if (calls > MAX_CALLS_PER_ATTEMPT) {
            return new Refused("params.count", "allows at most " + can.maxImages() * MAX_CALLS_PER_ATTEMPT
                    + " images per job (" + can.maxImages() + " per call, " + MAX_CALLS_PER_ATTEMPT
                    + " calls), asked " + params.count());
        }
        if (params.seed() != null && !can.seed()) {
            return new Refused("params.seed", "does not take a seed");
        }
        if (params.negativePrompt() != null && !can.negativePrompt()) {
            return new Refused("params.negativePrompt", "does not take a negative prompt");
        }
        if (params.steps() != null && can.steps() == null) {
            return new Refused("params.steps", "does not take a number of steps");
        }
        if (params.steps() != null && !can.steps().contains(params.steps())) {
            return new Refused("params.steps", "allows " + can.steps() + " steps, asked " + params.steps());
        }
        Size asked = new Size(params.width(), params.height());
        Optional<Size> sent = can.sizes().fit(asked);
        if (sent.isEmpty()) {
            String reason = can.sizes().violation(asked).orElse("does not allow it");
            return new Refused(sizeField(can.sizes(), asked), reason + ", asked " + asked);
        }
        List<String> adjustments = new ArrayList<>();
        if (calls > 1) {
            adjustments.add(params.count() + " images made in " + calls + " calls (at most " + can.maxImages()
                    + " per call)");
        }
        ImageParams fitted = params;
        if (!sent.get().equals(asked)) {
            adjustments.add("size " + asked + " sent as " + sent.get() + " (" + can.sizes().describe() + ")");
            fitted = params.withSize(sent.get().width(), sent.get().height());
        }
        return new Fits(fitted, adjustments);
    }

    private static Optional<Refused> inputs(Capabilities can, JobInputs inputs) {
        int images = inputs.images().size();
        if (images > can.maxInputImages()) {
            return Optional.of(new Refused("inputs.images", can.maxInputImages() == 0 ? "takes no input images"
                    : "takes at most " + can.maxInputImages() + " input images, asked " + images));
        }
        if (inputs.mask() != null && !can.mask()) {
            return Optional.of(new Refused("inputs.mask", "does not take a mask"));
        }
        int loras = inputs.loras().size();
        if (loras > can.maxLoras()) {
            return Optional.of(new Refused("inputs.loras", can.maxLoras() == 0 ? "takes no LoRA weights"
                    : "takes at most " + can.maxLoras() + " LoRA weights, asked " + loras));
        }
        return Optional.empty();
    }

    /** How many calls of at most {@code perCall} images make {@code count}. */
    static int callsFor(int count, int perCall) {
        return (count + perCall - 1) / perCall;
    }

    /** The side at fault when only one is too long; the whole size otherwise. */
    private static String sizeField(SizeRule rule, Size asked) {
        if (rule instanceof SizeRule.Ranged ranged) {
            boolean wide = asked.width() > ranged.maxSide();
            boolean tall = asked.height() > ranged.maxSide();
            if (wide != tall) {
                return wide ? "params.width" : "params.height";
            }
        }
        return "params";
    }
}
