package io.genpipe.sink.webhooks;

import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.JobFailed;
import io.genpipe.contracts.event.JobOutcome;
import io.genpipe.contracts.event.JobSucceeded;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.webhook.WebhookSignature;
import io.genpipe.sink.JobStory;
import io.genpipe.sink.RunningSink;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.genpipe.sink.JobStory.FAL;
import static io.genpipe.sink.JobStory.FLUX;
import static io.genpipe.sink.JobStory.GPT_IMAGE;
import static io.genpipe.sink.JobStory.OPENAI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks end to end in the sink: events on the real topics, the sink's database, and a receiver on 127.0.0.1
 * (RunningSink allows http and private addresses, and retries after 200 then 400 ms, four attempts at most).
 */
class WebhooksIT extends RunningSink {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final byte[] SECRET = WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8);
    private static WebhookReceiver receiver;

    @Autowired
    MeterRegistry meters;

    @BeforeAll
    static void startReceiver() throws IOException {
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Test
    void theOutcomeIsDeliveredOnceWithASignatureThatVerifies() {
        String path = "/" + UUID.randomUUID();
        JobStory story = JobStory.calledBack("hook-" + UUID.randomUUID(), "acme", receiver.url(path));
        publish(story.requested());
        publish(story.fails(FAL, FLUX, FailureClass.RATE_LIMITED, "0", 300));
        publish(story.succeeds(OPENAI, GPT_IMAGE, "0.04", 9_000));
        JobSucceeded outcome = story.succeeded();
        publish(outcome);

        await().atMost(WAIT).until(() -> receiver.received(path).size() == 1);
        WebhookReceiver.Received hook = receiver.received(path).get(0);
        assertThat(WebhookSignature.verify(SECRET, hook.signature(), hook.body(), Instant.now(), Duration.ofMinutes(5)))
                .as(hook.signature()).isTrue();
        assertThat(WebhookSignature.verify("wrong".getBytes(StandardCharsets.UTF_8), hook.signature(), hook.body(),
                Instant.now(), Duration.ofMinutes(5))).isFalse();
        assertThat(JsonSerde.instance().read(hook.body(), JobOutcome.class)).isEqualTo(outcome);
        assertThat(hook.eventId()).isEqualTo(outcome.eventId());
        assertThat(UUID.fromString(hook.deliveryId())).isNotNull();
        assertThat(hook.attempt()).isEqualTo("1");
        assertThat(hook.contentType()).isEqualTo("application/json");
        assertThat(hook.traceparent()).as("no record of the job carried a trace").isNull();
        await().atMost(WAIT).until(() -> webhook(story.jobId()).path("status").asString().equals("DELIVERED"));
        JsonNode webhook = webhook(story.jobId());
        assertThat(webhook.path("attempts").asInt()).isEqualTo(1);
        assertThat(webhook.path("lastStatusCode").asInt()).isEqualTo(200);
        assertThat(webhook.path("lastError").isNull()).isTrue();
        assertThat(get("/v1/jobs/" + story.jobId()).body()).doesNotContain("s3cret");

        // The outcome redelivered, then another job's webhook to the same receiver: by the time that one is in, a
        // second delivery of the first would have been too.
        publish(outcome);
        String otherPath = "/" + UUID.randomUUID();
        JobStory other = JobStory.calledBack("hook-" + UUID.randomUUID(), "acme", receiver.url(otherPath));
        publish(other.requested());
        publish(other.succeeds(FAL, FLUX, "0.003", 800));
        publish(other.succeeded());
        await().atMost(WAIT).until(() -> receiver.received(otherPath).size() == 1);
        await().atMost(WAIT).until(() -> webhook(other.jobId()).path("status").asString().equals("DELIVERED"));
        assertThat(receiver.received(path)).hasSize(1);
    }

    @Test
    void aReceiverThatFailsTwiceGetsThreeAttemptsOfTheSameDeliveryAndTheJobShowsItDelivered() {
        double retriedBefore = count("retried");
        String path = "/" + UUID.randomUUID();
        JobStory story = JobStory.calledBack("hook-" + UUID.randomUUID(), "acme", receiver.url(path, 500, 500));
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        publishTraced(story.requested(), "00-" + trace + "-00f067aa0ba902b7-01");
        publish(story.fails(FAL, FLUX, FailureClass.CONTENT_REJECTED, "0", 300));
        publish(story.failed("content rejected"));

        await().atMost(WAIT).until(() -> webhook(story.jobId()).path("status").asString().equals("DELIVERED"));

        List<WebhookReceiver.Received> hooks = receiver.received(path);
        assertThat(hooks).extracting(WebhookReceiver.Received::attempt).containsExactly("1", "2", "3");
        assertThat(hooks).extracting(WebhookReceiver.Received::deliveryId).containsOnly(hooks.get(0).deliveryId());
        // The receiver's trace goes on from the job's, with the delivery as its parent on every attempt.
        assertThat(hooks).extracting(WebhookReceiver.Received::traceparent).containsOnly("00-" + trace + "-"
                + hooks.get(0).deliveryId().replace("-", "").substring(0, 16) + "-01");
        assertThat(hooks).allSatisfy(hook -> assertThat(WebhookSignature.verify(SECRET, hook.signature(), hook.body(),
                Instant.now(), Duration.ofMinutes(5))).isTrue());
        assertThat(JsonSerde.instance().read(hooks.get(2).body(), JobOutcome.class)).isInstanceOf(JobFailed.class);
        assertThat(webhook(story.jobId()).path("attempts").asInt()).isEqualTo(3);
        assertThat(count("retried") - retriedBefore).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aReceiverThatNeverAnswers2xxIsGivenUpWithTheReason() {
        String path = "/" + UUID.randomUUID();
        JobStory story = JobStory.calledBack("hook-" + UUID.randomUUID(), "acme",
                receiver.url(path, 503, 503, 503, 503, 503));
        publish(story.requested());
        publish(story.succeeds(FAL, FLUX, "0.003", 800));
        publish(story.succeeded());

        await().atMost(WAIT).until(() -> webhook(story.jobId()).path("status").asString().equals("GAVE_UP"));

        JsonNode webhook = webhook(story.jobId());
        assertThat(webhook.path("attempts").asInt()).isEqualTo(4);
        assertThat(webhook.path("lastStatusCode").asInt()).isEqualTo(503);
        assertThat(webhook.path("lastError").asString()).isEqualTo("gave up after 4 attempts: HTTP 503");
        assertThat(receiver.received(path)).hasSize(4);
    }

    @Test
    void anOutcomeRecordedBeforeItsRequestIsDeliveredOnceTheRequestShowsTheCallback() {
        String path = "/" + UUID.randomUUID();
        JobStory story = JobStory.calledBack("hook-" + UUID.randomUUID(), "acme", receiver.url(path));
        story.succeeds(FAL, FLUX, "0.003", 800);
        publish(story.succeeded());
        await().atMost(WAIT).until(() -> get("/v1/jobs/" + story.jobId()).statusCode() == 200);
        assertThat(json(get("/v1/jobs/" + story.jobId()).body()).path("webhook").isNull()).isTrue();

        publish(story.requested());

        await().atMost(WAIT).until(() -> receiver.received(path).size() == 1);
        await().atMost(WAIT).until(() -> webhook(story.jobId()).path("status").asString().equals("DELIVERED"));
    }

    @Test
    void aJobWithoutACallbackShowsNoWebhook() {
        JobStory story = JobStory.of("hook-" + UUID.randomUUID(), "acme", null);
        publish(story.requested());
        publish(story.succeeds(FAL, FLUX, "0.003", 800));
        publish(story.succeeded());

        await().atMost(WAIT).until(() -> json(get("/v1/jobs/" + story.jobId()).body()).path("status").asString()
                .equals("SUCCEEDED"));
        assertThat(json(get("/v1/jobs/" + story.jobId()).body()).path("webhook").isNull()).isTrue();
    }

    private JsonNode webhook(String jobId) {
        return json(get("/v1/jobs/" + jobId).body()).path("webhook");
    }

    private double count(String outcome) {
        return meters.counter(WebhookDispatcher.DELIVERIES, "outcome", outcome).count();
    }
}
