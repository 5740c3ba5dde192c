package io.genpipe.ingress;

import io.genpipe.contracts.event.HealthState;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every {@code <!-- example: METHOD PATH [BODY] -->} of {@code docs/api.md} is sent to the ingress, and the answer
 * must be exactly the JSON block under it, so the reference cannot drift from the code. As the document says: the
 * default catalog, the test clock's day, one worker reporting fal UP and none on openai.
 */
class DocumentedExamplesIT extends RunningIngressWithWorkers {

    private static final Path DOCUMENT = Path.of("docs", "api.md");
    private static final Pattern EXAMPLE = Pattern.compile(
            "<!-- example: (GET|POST) (\\S+)(?: ([^\\n]*?))? -->\\n```json\\n([\\s\\S]*?)\\n```");

    @Test
    void everyDocumentedAnswerIsTheIngresssAnswer() throws IOException {
        List<Example> examples = examples(Files.readString(DOCUMENT));
        assertThat(examples).hasSizeGreaterThanOrEqualTo(4);
        health.report("fal", HealthState.UP, "");

        for (Example example : examples) {
            // The health report reaches the ingress through the topic, so the first answers may predate it.
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(json(example.send(this))).as(example.toString()).isEqualTo(example.answer()));
        }
    }

    private static List<Example> examples(String document) {
        List<Example> examples = new ArrayList<>();
        Matcher matcher = EXAMPLE.matcher(document);
        while (matcher.find()) {
            examples.add(new Example(matcher.group(1), matcher.group(2), matcher.group(3),
                    JSON.readTree(matcher.group(4))));
        }
        return examples;
    }

    private record Example(String method, String path, String body, JsonNode answer) {

        HttpResponse<String> send(RunningIngress ingress) {
            return method.equals("GET") ? ingress.get(path) : ingress.post(path, body == null ? "" : body);
        }

        @Override
        public String toString() {
            return method + " " + path + (body == null ? "" : " " + body);
        }
    }
}
