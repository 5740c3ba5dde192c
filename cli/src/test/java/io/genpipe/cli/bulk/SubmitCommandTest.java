package io.genpipe.cli.bulk;

import com.sun.net.httpserver.HttpServer;
import io.genpipe.cli.GenpipeCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code genpipe submit} sends, against an HTTP server on 127.0.0.1 that answers as the ingress does. */
class SubmitCommandTest {

    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicBoolean limitedOnce = new AtomicBoolean();
    private HttpServer ingress;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (ingress != null) {
            ingress.stop(0);
        }
    }

    @Test
    void aFileGoesInBatchesOfTheChunkSizeWithTheKeyAndWaitsOutA429() throws IOException {
        start();
        Path jobs = Files.writeString(dir.resolve("jobs.jsonl"), """
                {"prompt":"one"}
                {"prompt":"two"}

                {"prompt":"three"}
                """);
        StringWriter out = new StringWriter();

        int exit = command(out, Map.of("GENPIPE_KEY", "gp_test")).execute("submit", jobs.toString(), "--ingress",
                "http://127.0.0.1:" + ingress.getAddress().getPort(), "--batch-id", "nightly", "--chunk", "2");

        assertThat(exit).as(out.toString()).isZero();
        assertThat(received).containsExactly(
                "/v1/batches?batchId=nightly-1 Bearer gp_test application/x-ndjson {\"prompt\":\"one\"}\n{\"prompt\":\"two\"}\n",
                "/v1/batches?batchId=nightly-1 Bearer gp_test application/x-ndjson {\"prompt\":\"one\"}\n{\"prompt\":\"two\"}\n",
                "/v1/batches?batchId=nightly-2 Bearer gp_test application/x-ndjson {\"prompt\":\"three\"}\n");
        assertThat(out.toString()).contains("2 batches accepted");
    }

    @Test
    void withoutAKeyNothingIsSent() throws IOException {
        start();
        Path jobs = Files.writeString(dir.resolve("jobs.jsonl"), "{\"prompt\":\"one\"}\n");

        int exit = command(new StringWriter(), Map.of()).execute("submit", jobs.toString(), "--ingress",
                "http://127.0.0.1:" + ingress.getAddress().getPort());

        assertThat(exit).isEqualTo(2);
        assertThat(received).isEmpty();
    }

    private CommandLine command(StringWriter out, Map<String, String> environment) {
        CommandLine cli = new CommandLine(new GenpipeCli(environment::get));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        return cli;
    }

    /** Answers 429 with Retry-After: 0 to the first request, 202 to the others, and keeps what it was sent. */
    private void start() throws IOException {
        ingress = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ingress.createContext("/v1/batches", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(exchange.getRequestURI() + " " + exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " " + body);
            boolean limit = limitedOnce.compareAndSet(false, true);
            if (limit) {
                exchange.getResponseHeaders().add("Retry-After", "0");
            } else {
                exchange.getResponseHeaders().add("Location", "http://127.0.0.1:8083" + exchange.getRequestURI());
            }
            exchange.sendResponseHeaders(limit ? 429 : 202, -1);
            exchange.close();
        });
        ingress.start();
    }
}
