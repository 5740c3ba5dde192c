package io.genpipe.ingress.cache;

import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.json.JsonSerde;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * What makes two requests the same for the result cache: the operation, the prompt normalized (trimmed, runs of
 * whitespace as one space, case kept: vendors read case), the parameters with their defaults, the model, the routing
 * and the inputs. Ids, times, deadlines and callbacks do not count. Only a request with a fixed seed can be the same:
 * without one, a vendor makes a different image each time, and the caller asked for that.
 */
public final class CacheKey {

    private CacheKey() {
    }

    /** The key of {@code job}, or empty when it cannot be answered from an earlier result. */
    public static Optional<String> of(JobRequested job) {
        if (job.params().seed() == null || job.operation() == Operation.MODEL_TRAINING) {
            return Optional.empty();
        }
        String prompt = job.prompt().strip().replaceAll("\\s+", " ");
        String canonical = String.join("\n", job.operation().wireName(), prompt,
                JsonSerde.instance().writeString(job.params()),
                job.model() == null ? "" : job.model().toLowerCase(Locale.ROOT),
                JsonSerde.instance().writeString(job.routingOrNone()),
                JsonSerde.instance().writeString(job.inputs()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return Optional.of(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
