package io.genpipe.ingress.cache;

import io.genpipe.contracts.event.AttemptSummary;
import io.genpipe.contracts.event.GenpipeEvent;
import io.genpipe.contracts.event.ImageRef;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.JobSucceeded;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.ingress.RunningIngress;
import io.genpipe.messaging.EventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The result cache of {@code POST /v1/jobs}: an identical seeded request of the same tenant, from a client that sends
 * {@code Cache-Control: max-age}, is answered by the earlier job once that job has succeeded, and nothing new is
 * published. The outcome is published here to {@code genpipe.outcomes.v1} by hand, as the sink would read it, so
 * when the earlier job succeeded is exact; the ingress's clock stands at {@link #NOW}.
 */
class ResultCacheIT extends RunningIngress {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @Autowired
    private EventPublisher publisher;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private ResultCache cache;

    @Test
    void anIdenticalSeededRequestIsAnsweredByTheEarlierJobOnceItSucceeded() throws Exception {
        String prompt = "a lighthouse at dawn " + UUID.randomUUID();
        HttpResponse<String> first = submit(seeded(prompt), TENANT_KEY, "max-age=3600");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(first.headers().firstValue("Genpipe-Cache")).hasValue("miss");
        String jobId = json(first).path("jobId").asString();
        // Still running: nothing to answer with yet.
        assertThat(submitted(prompt)).hasSize(1);
        succeed(jobId, 60);
        double hitsBefore = meters.counter(ResultCache.METER, "result", "hit").count();

        // The same request in other spacing: the prompt is compared normalized.
        HttpResponse<String> again = submit(seeded("  " + prompt.replace(" ", "   ") + " "), TENANT_KEY,
                "max-age=3600");

        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(again.headers().firstValue("Genpipe-Cache")).hasValue("hit");
        assertThat(json(again).path("jobId").asString()).isEqualTo(jobId);
        assertThat(json(again).path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(json(again).path("statusUrl").asString()).isEqualTo(json(first).path("statusUrl").asString());
        assertThat(meters.counter(ResultCache.METER, "result", "hit").count()).isEqualTo(hitsBefore + 1);
        assertThat(submitted(prompt)).as("a hit publishes nothing").hasSize(1);
    }

    @Test
    void aResultOlderThanTheClientAllowsIsNotAnswered() throws Exception {
        String prompt = "an old harbour " + UUID.randomUUID();
        String jobId = json(submit(seeded(prompt), TENANT_KEY, "max-age=3600")).path("jobId").asString();
        succeed(jobId, 120);

        HttpResponse<String> tooOld = submit(seeded(prompt), TENANT_KEY, "max-age=60");

        assertThat(tooOld.statusCode()).isEqualTo(202);
        assertThat(tooOld.headers().firstValue("Genpipe-Cache")).hasValue("miss");
        assertThat(json(tooOld).path("jobId").asString()).isNotEqualTo(jobId);
        assertThat(submitted(prompt)).hasSize(2);
    }

    @Test
    void onlyTheSameTenantsSeededRequestsThatAllowItAreAnswered() throws Exception {
        String prompt = "a quiet fjord " + UUID.randomUUID();
        String jobId = json(submit(seeded(prompt), TENANT_KEY, "max-age=3600")).path("jobId").asString();
        succeed(jobId, 10);

        HttpResponse<String> otherTenant = submit(seeded(prompt), OTHER_TENANT_KEY, "max-age=3600");
        HttpResponse<String> noHeader = post("/v1/jobs", seeded(prompt), TENANT_KEY);
        HttpResponse<String> noCache = submit(seeded(prompt), TENANT_KEY, "no-cache, max-age=3600");
        HttpResponse<String> noSeed = submit("{\"prompt\":\"" + prompt + "\"}", TENANT_KEY, "max-age=3600");
        HttpResponse<String> ownJobId = submit("{\"jobId\":\"own-" + UUID.randomUUID() + "\",\"prompt\":\"" + prompt
                + "\",\"params\":{\"seed\":7}}", TENANT_KEY, "max-age=3600");

        for (HttpResponse<String> answer : List.of(otherTenant, noHeader, noCache, noSeed, ownJobId)) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
            assertThat(json(answer).path("jobId").asString()).isNotEqualTo(jobId);
        }
        assertThat(noHeader.headers().firstValue("Genpipe-Cache")).isEmpty();
        assertThat(submitted(prompt)).hasSize(6);
    }

    @Test
    void aCacheControlItCannotReadIs400NamingTheHeader() {
        HttpResponse<String> answer = submit(seeded("a lighthouse"), TENANT_KEY, "max-stale");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(json(answer).path("field").asString()).isEqualTo("Cache-Control");
    }

    @Test
    void rowsThatCanAnswerNoOneAreDeleted() {
        String fresh = json(submit(seeded("a fresh one " + UUID.randomUUID()), TENANT_KEY, "max-age=60"))
                .path("jobId").asString();
        jdbc.sql("INSERT INTO ingress.result_cache VALUES ('acme', :key, 'stale-job', :created, :created)")
                .param("key", UUID.randomUUID().toString())
                .param("created", java.sql.Timestamp.from(NOW.minus(CacheControl.LONGEST).minusSeconds(31 * 60)))
                .update();

        assertThat(cache.purgeExpired()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT job_id FROM ingress.result_cache").query(String.class).list())
                .contains(fresh).doesNotContain("stale-job");
    }

    private HttpResponse<String> submit(String body, String key, String cacheControl) {
        return post("/v1/jobs", body, key, "Cache-Control", cacheControl);
    }

    private static String seeded(String prompt) {
        return "{\"prompt\":\"" + prompt + "\",\"params\":{\"width\":768,\"height\":512,\"seed\":7}}";
    }

    private List<JobRequested> submitted(String prompt) {
        return jobs().readNow(record -> JsonSerde.instance().read(record.value(), JobRequested.class).prompt()
                        .equals(prompt)).stream()
                .map(record -> JsonSerde.instance().read(record.value(), JobRequested.class)).toList();
    }

    /** The job succeeded {@code secondsAgo} before {@link #NOW}; returns once the ingress has read it. */
    private void succeed(String jobId, int secondsAgo) throws Exception {
        JobSucceeded outcome = new JobSucceeded(GenpipeEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), jobId,
                NOW.minusSeconds(secondsAgo), "acme", null, NOW.minusSeconds(secondsAgo + 5), "fal",
                "fal-ai/flux/schnell", List.of(new ImageRef("https://fal.media/files/x.png", 768, 512, "image/png")),
                List.of(new AttemptSummary(1, "fal", "fal-ai/flux/schnell", null, null, new BigDecimal("0.003"), 900)),
                null);
        publisher.publish(Topics.OUTCOMES, jobId, outcome).get(10, TimeUnit.SECONDS);
        await().atMost(PATIENCE).until(() -> jdbc.sql(
                        "SELECT count(*) FROM ingress.result_cache WHERE job_id = :job AND succeeded_at IS NOT NULL")
                .param("job", jobId).query(Long.class).single() == 1);
    }
}
