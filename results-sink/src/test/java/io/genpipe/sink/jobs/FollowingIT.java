package io.genpipe.sink.jobs;

import io.genpipe.sink.JobStory;
import io.genpipe.sink.RunningSink;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.genpipe.sink.JobStory.FAL;
import static io.genpipe.sink.JobStory.FLUX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Waiting without polling (issue 8): {@code GET /v1/jobs/{id}?wait=} answers once the job ends, and a batch is
 * followed as a server-sent event stream until it is complete; another tenant learns nothing either way.
 */
class FollowingIT extends RunningSink {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void aWaitingRequestIsAnsweredWhenTheJobEndsAndOneThatWaitsOutItsWaitGetsTheJobAsItStands() throws Exception {
        JobStory story = JobStory.of(INFRA.uniqueName("job"), "acme", null);
        publish(story.requested());
        await().atMost(PATIENCE).until(() -> get("/v1/jobs/" + story.jobId()).statusCode() == 200);

        CompletableFuture<HttpResponse<String>> waiting = getLater("/v1/jobs/" + story.jobId() + "?wait=30s", TENANT_KEY);
        HttpResponse<String> shortWait = getLater("/v1/jobs/" + story.jobId() + "?wait=300ms", TENANT_KEY)
                .get(10, TimeUnit.SECONDS);
        assertThat(json(shortWait.body()).path("status").asString()).isEqualTo("QUEUED");
        assertThat(waiting).isNotDone();

        publish(story.succeeds(FAL, FLUX, "0.003", 900));
        publish(story.succeeded());

        HttpResponse<String> ended = waiting.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(ended.statusCode()).isEqualTo(200);
        assertThat(json(ended.body()).path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(json(ended.body()).path("images")).hasSize(1);
        // Ended already: answered at once, as without wait.
        assertThat(getLater("/v1/jobs/" + story.jobId() + "?wait=60s", TENANT_KEY).get(5, TimeUnit.SECONDS)
                .statusCode()).isEqualTo(200);
        // Another tenant's job is unknown after the wait too; a wait that is no duration is named.
        assertThat(getLater("/v1/jobs/" + story.jobId() + "?wait=1s", OTHER_TENANT_KEY).get(10, TimeUnit.SECONDS)
                .statusCode()).isEqualTo(404);
        HttpResponse<String> badWait = get("/v1/jobs/" + story.jobId() + "?wait=soon", TENANT_KEY);
        assertThat(badWait.statusCode()).isEqualTo(400);
        assertThat(json(badWait.body()).path("field").asString()).isEqualTo("wait");
        assertThat(get("/v1/jobs/" + story.jobId() + "?wait=5m", TENANT_KEY).statusCode()).isEqualTo(400);
    }

    @Test
    void aBatchIsFollowedAsAnEventStreamUntilItIsComplete() throws Exception {
        String batchId = INFRA.uniqueName("batch");
        JobStory first = JobStory.of(INFRA.uniqueName("job"), "acme", batchId);
        JobStory second = JobStory.of(INFRA.uniqueName("job"), "acme", batchId);
        publish(first.requested());
        publish(second.requested());
        await().atMost(PATIENCE).until(() -> json(get("/v1/batches/" + batchId).body()).path("total").asInt() == 2);
        assertThat(get("/v1/batches/" + batchId + "/events", OTHER_TENANT_KEY).statusCode()).isEqualTo(404);

        CompletableFuture<HttpResponse<String>> stream = getLater("/v1/batches/" + batchId + "/events", TENANT_KEY);
        publish(first.succeeds(FAL, FLUX, "0.003", 900));
        publish(first.succeeded());
        await().atMost(PATIENCE).until(() -> json(get("/v1/batches/" + batchId).body()).path("succeeded").asInt() == 1);
        assertThat(stream).isNotDone();
        publish(second.succeeds(FAL, FLUX, "0.003", 900));
        publish(second.succeeded());

        HttpResponse<String> events = stream.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(events.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        // The stream samples the batch each interval: it need not show every state between, but it shows the batch
        // as it was when followed, then each change it saw, and ends once complete.
        String body = events.body();
        assertThat(body).startsWith("event:progress").contains("\"complete\":false").contains("event:complete");
        assertThat(body.indexOf("\"complete\":false")).isLessThan(body.indexOf("event:complete"));
        assertThat(body.substring(body.indexOf("event:complete"))).contains("\"succeeded\":2");
    }
}
