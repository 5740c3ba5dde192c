package io.genpipe.ingress.webhooks;

import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.KafkaTopicReader;
import io.genpipe.infra.test.TestInfrastructure;
import io.genpipe.ingress.RunningIngress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Callback URLs at the door, with this deployment's defaults (https only, public addresses only). Literal addresses
 * only, so no test asks a DNS server. A refused job's id is then sent with a callback that is taken: the first record
 * of that key on the topic being the accepted one shows the refused one was never published.
 */
class CallbackUrlsIT extends RunningIngress {

    private static final String PUBLIC_CALLBACK = "https://93.184.215.14/genpipe/outcomes?token=s3cret";

    private KafkaTopicReader jobs;

    @BeforeEach
    void readJobs() {
        jobs = new KafkaTopicReader(TestInfrastructure.shared().kafkaBootstrapServers(), Topics.JOBS.name());
    }

    @AfterEach
    void close() {
        jobs.close();
    }

    @Test
    void aJobCarriesItsCallbackToTheTopic() {
        String jobId = "callback-" + UUID.randomUUID();

        HttpResponse<String> accepted = post("/v1/jobs", job(jobId, PUBLIC_CALLBACK));

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(firstOnTopic(jobId).callbackUrl()).isEqualTo(PUBLIC_CALLBACK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1:8083/v1/jobs?token=s3cret", "https://169.254.169.254/latest/meta-data",
            "https://10.0.0.7/hook", "https://[::1]/hook", "https://[fd00::1]/hook", "https://0.0.0.0/hook",
            "https://224.0.0.1/hook", "http://93.184.215.14/hook"})
    void aCallbackThisDeploymentDoesNotDeliverToIsRefusedAndNotPublished(String callback) {
        String jobId = "callback-" + UUID.randomUUID();

        HttpResponse<String> refused = post("/v1/jobs", job(jobId, callback));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(refused);
        assertThat(problem.path("field").asString()).isEqualTo("callbackUrl");
        assertThat(problem.path("problem").asString()).isEqualTo("CALLBACK_REFUSED");
        assertThat(problem.path("detail").asString()).startsWith("callbackUrl: ").doesNotContain("s3cret");
        assertThat(post("/v1/jobs", job(jobId, PUBLIC_CALLBACK)).statusCode()).isEqualTo(202);
        assertThat(firstOnTopic(jobId).callbackUrl()).isEqualTo(PUBLIC_CALLBACK);
    }

    @Test
    void aCallbackThatIsNotAUrlIsABadRequestNamingIt() {
        HttpResponse<String> refused = post("/v1/jobs", job("callback-" + UUID.randomUUID(), "ftp://93.184.215.14/x"));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(json(refused).path("field").asString()).isEqualTo("callbackUrl");
    }

    @Test
    void aBatchGivesEveryJobItsCallbackOrIsRefusedWhole() {
        String batchId = "callback-batch-" + UUID.randomUUID();

        HttpResponse<String> refused = post("/v1/batches", batch(batchId, "https://192.168.1.10/hook"));
        HttpResponse<String> accepted = post("/v1/batches", batch(batchId, PUBLIC_CALLBACK));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(json(refused).path("field").asString()).isEqualTo("callbackUrl");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(firstOnTopic(batchId + "-1").callbackUrl()).isEqualTo(PUBLIC_CALLBACK);
        assertThat(firstOnTopic(batchId + "-2").callbackUrl()).isEqualTo(PUBLIC_CALLBACK);
    }

    private JobRequested firstOnTopic(String jobId) {
        return JsonSerde.instance().read(jobs.awaitKey(jobId, Duration.ofSeconds(10)).value(), JobRequested.class);
    }

    private static String job(String jobId, String callbackUrl) {
        return "{\"jobId\":\"" + jobId + "\",\"prompt\":\"a lighthouse at dawn\",\"callbackUrl\":\"" + callbackUrl + "\"}";
    }

    private static String batch(String batchId, String callbackUrl) {
        return "{\"batchId\":\"" + batchId + "\",\"prompts\":[\"one\",\"two\"],\"callbackUrl\":\"" + callbackUrl + "\"}";
    }
}
