package io.genpipe.ingress.dashboard;

import org.springframework.web.util.UriUtils;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The results sink's reads that the dashboard may make through the ingress, and nothing else: each a GET path (ids in
 * the contracts' id alphabet) with the query parameters it takes. The sink's admin endpoints, its CSV and its event
 * streams are not on it. Pure: it only decides, {@link SinkForwarder} calls.
 */
final class SinkAllowList {

    /** The contracts' id: 1 to 128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final String ID_SEGMENT = "{id}";
    /** Longer values than these are no window, day, instant or number the sink would take. */
    private static final int LONGEST_VALUE = 64;

    /**
     * One forwardable read: {@code source} names it in the metrics and the page.
     *
     * @param path       segments after {@code /v1/dashboard/sink/}, {@value #ID_SEGMENT} for an id
     * @param parameters the query parameters forwarded with it; any other is refused
     */
    enum Route {
        STATS("stats", "v1/stats", Set.of("window")),
        COSTS("costs", "v1/costs", Set.of("groupBy", "from", "to")),
        BUDGETS("budgets", "v1/budgets", Set.of()),
        ALERTS("alerts", "v1/alerts", Set.of("since")),
        EXPERIMENTS("experiments", "v1/experiments", Set.of()),
        EXPERIMENT("experiment", "v1/experiments/{id}", Set.of()),
        JOBS("jobs", "v1/jobs", Set.of("limit")),
        JOB("job", "v1/jobs/{id}", Set.of()),
        BATCH("batch", "v1/batches/{id}", Set.of()),
        BATCH_JOBS("batch_jobs", "v1/batches/{id}/jobs", Set.of("status", "limit", "offset"));

        private final String source;
        private final List<String> path;
        private final Set<String> parameters;

        Route(String source, String path, Set<String> parameters) {
            this.source = source;
            this.path = List.of(path.split("/"));
            this.parameters = parameters;
        }

        String source() {
            return source;
        }

        private boolean matches(List<String> segments) {
            if (segments.size() != path.size()) {
                return false;
            }
            for (int i = 0; i < path.size(); i++) {
                String expected = path.get(i);
                boolean matches = expected.equals(ID_SEGMENT) ? ID.matcher(segments.get(i)).matches()
                        : expected.equals(segments.get(i));
                if (!matches) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * What to ask the sink.
     *
     * @param pathAndQuery relative to the sink's base URL, encoded: {@code /v1/batches/b-1/jobs?limit=10}
     */
    record SinkCall(Route route, String pathAndQuery) {

        String source() {
            return route.source();
        }
    }

    private SinkAllowList() {
    }

    /**
     * @param rawPath    what followed {@code /v1/dashboard/sink/} in the request, still percent-encoded
     * @param parameters the request's query parameters, decoded (the servlet's parameter map)
     * @throws NotForwarded for a path not on the list (404) or a parameter it does not take (400)
     */
    static SinkCall resolve(String rawPath, Map<String, String[]> parameters) {
        List<String> segments = new ArrayList<>();
        for (String raw : rawPath.split("/", -1)) {
            segments.add(decode(raw, rawPath));
        }
        String shown = String.join("/", segments);
        Route route = Arrays.stream(Route.values()).filter(candidate -> candidate.matches(segments)).findFirst()
                .orElseThrow(() -> NotForwarded.path(shown));
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        // Sorted, so the same read is the same URL (and the same line in the sink's access log).
        for (Map.Entry<String, String[]> parameter : new TreeMap<>(parameters).entrySet()) {
            String name = parameter.getKey();
            if (!route.parameters.contains(name)) {
                throw NotForwarded.parameter(name, "The dashboard forwards " + route.source + " with "
                        + (route.parameters.isEmpty() ? "no query parameter"
                        : "only " + route.parameters.stream().sorted().collect(Collectors.joining(", ")))
                        + "; not '" + name + "'");
            }
            String[] values = parameter.getValue();
            if (values.length != 1 || values[0].length() > LONGEST_VALUE) {
                throw NotForwarded.parameter(name, "Query parameter '" + name + "' is forwarded once, at most "
                        + LONGEST_VALUE + " characters long");
            }
            // Form encoding, as the sink's servlet container decodes a query: a '+' left as it is would arrive a space.
            query.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(values[0], StandardCharsets.UTF_8));
        }
        String path = segments.stream().map(segment -> UriUtils.encodePathSegment(segment, StandardCharsets.UTF_8))
                .collect(Collectors.joining("/", "/", ""));
        return new SinkCall(route, path + query);
    }

    /** For the 404's detail: every path forwarded. */
    static String describe() {
        return Arrays.stream(Route.values()).map(route -> "GET /" + String.join("/", route.path))
                .collect(Collectors.joining(", "));
    }

    private static String decode(String segment, String rawPath) {
        try {
            return UriUtils.decode(segment, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw NotForwarded.path(rawPath);
        }
    }
}
