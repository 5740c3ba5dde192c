package io.genpipe.worker.adapter.replicate;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a catalog model id names a Replicate model: an official model by {@code owner/name}, created at
 * {@code /models/{owner}/{name}/predictions}; or a version, a 64-hex id alone or after {@code owner/name:}, created
 * at {@code /predictions} with the id in {@code version}. Ids come from messages, so only URL-safe characters pass.
 *
 * @param owner   the model's owner; null for a bare version id
 * @param name    the model's name; null for a bare version id
 * @param version the version id; null for an official model run by name
 */
record ReplicateModel(String owner, String name, String version) {

    private static final Pattern OFFICIAL = Pattern.compile("([A-Za-z0-9._-]+)/([A-Za-z0-9._-]+)");
    private static final Pattern VERSIONED = Pattern.compile("(?:([A-Za-z0-9._-]+)/([A-Za-z0-9._-]+):)?([0-9a-f]{64})");

    static Optional<ReplicateModel> parse(String id) {
        Matcher official = OFFICIAL.matcher(id);
        if (official.matches()) {
            return Optional.of(new ReplicateModel(official.group(1), official.group(2), null));
        }
        Matcher versioned = VERSIONED.matcher(id);
        if (versioned.matches()) {
            return Optional.of(new ReplicateModel(versioned.group(1), versioned.group(2), versioned.group(3)));
        }
        return Optional.empty();
    }

    boolean byVersion() {
        return version != null;
    }

    /** The path under the API root that creates a prediction of this model. */
    String createPath() {
        return byVersion() ? "/predictions" : "/models/" + owner + "/" + name + "/predictions";
    }
}
