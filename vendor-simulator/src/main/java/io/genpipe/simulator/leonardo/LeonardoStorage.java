package io.genpipe.simulator.leonardo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.genpipe.simulator.http.Exchanges;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The stand-in for the S3 bucket Leonardo's presigned dataset uploads go to: {@code POST /s3/leonardo-datasets}, a
 * multipart form of the fields {@code POST /datasets/{id}/upload} handed out plus the {@code file}. Like a presigned
 * S3 POST it needs no key (the form's signature is the authorisation) and answers as S3 does: 204 with no body, or an
 * XML {@code <Error>} (403 AccessDenied for an unknown, used or lapsed form; 400 for a missing or empty file or a
 * body that is not a form; 400 EntityTooLarge over {@link #MAX_FILE_BYTES}).
 */
final class LeonardoStorage implements HttpHandler {

    static final String PATH = "/s3/leonardo-datasets";
    static final String BUCKET = "leonardo-datasets";
    /** The limit Leonardo sets on a dataset image is not documented [?]; this keeps the simulator's memory small. */
    static final int MAX_FILE_BYTES = 20 * 1024 * 1024;

    private final LeonardoDatasets store;
    private final Clock clock;
    private final String fallbackOrigin;

    LeonardoStorage(LeonardoDatasets store, Clock clock, String fallbackOrigin) {
        this.store = store;
        this.clock = clock;
        this.fallbackOrigin = fallbackOrigin;
    }

    @Override
    public void handle(HttpExchange exchange) {
        if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals(PATH)) {
            error(exchange, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
            return;
        }
        byte[] body = read(exchange);
        if (body == null) {
            error(exchange, 400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size");
            return;
        }
        Optional<UploadForm> form = UploadForm.parse(exchange.getRequestHeaders().getFirst("Content-Type"), body);
        if (form.isEmpty()) {
            error(exchange, 400, "MalformedPOSTRequest",
                    "The body of your POST request is not well-formed multipart/form-data.");
            return;
        }
        Map<String, String> fields = form.get().fields();
        String key = fields.getOrDefault("key", "");
        Instant now = clock.instant();
        Optional<LeonardoDatasets.PendingUpload> upload = store.takeUpload(key, fields.get("X-Amz-Signature"), now);
        if (upload.isEmpty()) {
            error(exchange, 403, "AccessDenied", "Invalid according to Policy: Policy Condition failed");
            return;
        }
        byte[] file = form.get().file();
        if (file == null || file.length == 0) {
            // The form is spent either way: a client that sends no file asks for a new one, as with S3's expiry.
            error(exchange, 400, "InvalidArgument", "POST requires exactly one file upload per request.");
            return;
        }
        LeonardoDatasets.PendingUpload done = upload.get();
        String url = Exchanges.origin(exchange, fallbackOrigin) + LeonardoFiles.PATH + done.imageId() + "-7f7f7f.png";
        if (!store.addImage(done.datasetId(), new LeonardoDatasets.DatasetImage(done.imageId(), url, now))) {
            error(exchange, 403, "AccessDenied", "Access Denied");
            return;
        }
        Exchanges.send(exchange, 204, "text/plain", new byte[0], Map.of("ETag", "\"" + done.imageId() + "\""));
    }

    /** The body, or null when it is larger than a file may be (the rest is drained). */
    private static byte[] read(HttpExchange exchange) {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_FILE_BYTES + 64 * 1024);
            if (in.transferTo(OutputStream.nullOutputStream()) > 0) {
                return null;
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the upload", e);
        }
    }

    private static void error(HttpExchange exchange, int status, String code, String message) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                + "</Message></Error>";
        Exchanges.send(exchange, status, "application/xml", xml.getBytes(StandardCharsets.UTF_8), Map.of());
    }
}
