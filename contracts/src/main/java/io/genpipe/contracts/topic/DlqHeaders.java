package io.genpipe.contracts.topic;

/**
 * Headers of a record on {@link Topics#DLQ}, besides the original key and value bytes. Consumers that send a
 * record there set all of them.
 */
public final class DlqHeaders {

    /** Why the record was refused, for humans (e.g. "prompt: is required"). */
    public static final String REASON = "genpipe.dlq.reason";
    /** The field at fault, when there is one (e.g. "prompt", "params.width"). */
    public static final String FIELD = "genpipe.dlq.field";
    /** The topic the record was read from. */
    public static final String SOURCE_TOPIC = "genpipe.dlq.source-topic";
    /** Its partition, as decimal text. */
    public static final String SOURCE_PARTITION = "genpipe.dlq.source-partition";
    /** Its offset, as decimal text. */
    public static final String SOURCE_OFFSET = "genpipe.dlq.source-offset";
    /** The consumer group that refused it: each group that reads a bad record reports it once. */
    public static final String CONSUMER_GROUP = "genpipe.dlq.consumer-group";

    private DlqHeaders() {
    }
}
