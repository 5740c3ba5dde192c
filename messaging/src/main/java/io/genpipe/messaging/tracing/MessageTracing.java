package io.genpipe.messaging.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Carries a job's trace across the hops that spring-kafka's observations do not see: the router's Kafka Streams
 * topology, whose records are forwarded rather than sent with a template, its timers, which start records of their
 * own, and a worker's vendor call, which ends on another thread than the one its dispatch arrived on. The W3C trace
 * context rides in the records' headers ({@code traceparent}), so one job is one trace from the request that
 * submitted it (or the producer that wrote it) to its outcome.
 *
 * <p>Without a tracer (a tool, a test) it does nothing: records keep the headers they came with.
 */
public final class MessageTracing {

    /** No tracer: spans are no-ops and headers pass through as they are. */
    public static final MessageTracing NONE = new MessageTracing(Tracer.NOOP, Propagator.NOOP);

    /** The W3C header: {@code 00-<trace id>-<parent span id>-<flags>}. */
    public static final String TRACEPARENT = "traceparent";

    private static final Propagator.Getter<Headers> FROM_HEADERS = (headers, key) -> {
        Header header = headers.lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    };
    private static final Propagator.Setter<Headers> TO_HEADERS = (headers, key, value) -> {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    };
    private static final Propagator.Setter<Map<String, String>> TO_MAP = Map::put;

    private final Tracer tracer;
    private final Propagator propagator;

    public MessageTracing(Tracer tracer, Propagator propagator) {
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        this.propagator = Objects.requireNonNull(propagator, "propagator");
    }

    /**
     * A span for handling a record, started: the child of the span current on this thread (a listener's
     * observation), else of the trace the record's headers carry, else the root of a new trace (a producer that does
     * not trace).
     */
    public Span handling(String name, Headers headers) {
        Span current = tracer.currentSpan();
        if (current != null) {
            return tracer.nextSpan(current).name(name).start();
        }
        return propagator.extract(headers, FROM_HEADERS).name(name).kind(Span.Kind.CONSUMER).start();
    }

    /**
     * As {@link #handling(String, Headers)}, for a record that may come from a producer that does not trace: when its
     * headers carry no context, the span continues the one {@code kept} supplies (the job's, kept with its state;
     * null for none), so a hop that does not trace does not split the job's trace.
     */
    public Span handling(String name, Headers headers, Supplier<String> kept) {
        if (headers.lastHeader(TRACEPARENT) == null && tracer.currentSpan() == null) {
            String context = kept.get();
            if (context != null && !context.isEmpty()) {
                return handling(name, headersFor(context));
            }
        }
        return handling(name, headers);
    }

    /** Makes {@code span} current on this thread until the scope closes: what is logged and sent meanwhile is its. */
    public Tracer.SpanInScope inScope(Span span) {
        return tracer.withSpan(span);
    }

    /** {@code headers} with {@code span}'s context in place of any they had: for a record this span produces. */
    public Headers headersOf(Headers headers, Span span) {
        Headers copy = new RecordHeaders(headers.toArray());
        propagator.inject(span.context(), copy, TO_HEADERS);
        return copy;
    }

    /** {@code span}'s context as the one header value W3C propagation needs, to keep it with state; null if none. */
    public String traceparent(Span span) {
        Map<String, String> carrier = new HashMap<>(2);
        propagator.inject(span.context(), carrier, TO_MAP);
        return carrier.get(TRACEPARENT);
    }

    /**
     * The W3C trace id (32 lowercase hex digits) of the record's {@code traceparent}, for a service that records which
     * trace a job is (the sink), without a span of its own; null when the record carries none, or one that is not a
     * valid version-00 context (all-zero ids included).
     */
    public static String traceIdOf(Headers headers) {
        Header header = headers.lastHeader(TRACEPARENT);
        if (header == null || header.value() == null) {
            return null;
        }
        String[] parts = new String(header.value(), StandardCharsets.UTF_8).strip().split("-");
        if (parts.length < 4 || !parts[0].equals("00") || !isHex(parts[1], 32) || !isHex(parts[2], 16)
                || parts[1].chars().allMatch(c -> c == '0') || parts[2].chars().allMatch(c -> c == '0')) {
            return null;
        }
        return parts[1];
    }

    private static boolean isHex(String text, int length) {
        return text.length() == length && text.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    /** Headers that carry a {@linkplain #traceparent kept} context; none when there is none to carry. */
    public static Headers headersFor(String traceparent) {
        Headers headers = new RecordHeaders();
        if (traceparent != null && !traceparent.isEmpty()) {
            headers.add(TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }
}
