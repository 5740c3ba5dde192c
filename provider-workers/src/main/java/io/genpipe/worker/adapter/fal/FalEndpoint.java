package io.genpipe.worker.adapter.fal;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The URLs of one fal queue. Submits go to {@code /{model_id}}; a request's status, result and cancel URLs use
 * {@code owner/app} only ({@code fal-ai/flux/schnell} becomes {@code /fal-ai/flux/requests/{id}}). fal returns
 * those URLs and they are followed as returned, but only on the configured host: the key is sent with every
 * call, so a URL pointing anywhere else is replaced by the one built from the request id.
 */
final class FalEndpoint {

    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9_-]+");

    private final URI base;
    private final String root;

    FalEndpoint(URI base) {
        this.base = base;
        String text = base.toString();
        this.root = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    URI submit(String modelId) {
        return URI.create(root + "/" + modelId);
    }

    /** The status URL fal returned, or the one the docs describe when it is missing or points elsewhere. */
    URI status(String returned, String modelId, String requestId) {
        return follow(returned, request(modelId, requestId) + "/status");
    }

    URI result(String returned, String modelId, String requestId) {
        return follow(returned, request(modelId, requestId));
    }

    URI cancel(String returned, String modelId, String requestId) {
        return follow(returned, request(modelId, requestId) + "/cancel");
    }

    static boolean validRequestId(String requestId) {
        return requestId != null && REQUEST_ID.matcher(requestId).matches();
    }

    private String request(String modelId, String requestId) {
        String[] segments = modelId.split("/");
        return root + "/" + segments[0] + "/" + segments[1] + "/requests/" + requestId;
    }

    private URI follow(String returned, String built) {
        if (returned != null && !returned.isBlank()) {
            try {
                URI uri = URI.create(returned);
                if (sameOrigin(uri)) {
                    return uri;
                }
            } catch (IllegalArgumentException notAUri) {
                // fall through to the documented URL
            }
        }
        return URI.create(built);
    }

    private boolean sameOrigin(URI uri) {
        return Objects.equals(uri.getScheme(), base.getScheme())
                && Objects.equals(uri.getHost(), base.getHost())
                && effectivePort(uri) == effectivePort(base);
    }

    private static int effectivePort(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
