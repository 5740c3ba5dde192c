package io.genpipe.simulator.openai;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.genpipe.simulator.http.ApiKeyCheck;
import io.genpipe.simulator.http.Exchanges;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}} in OpenAI's shape, with each model's {@code shutdown_date}
 * ({@code YYYY-MM-DD}, or null while it lives), so that a gateway can read shutdowns from the vendor itself. Shut-down
 * models stay listed. Profiles do not apply here: an outage or a rate limit only hits generations.
 */
final class OpenAiModelsHandler implements HttpHandler {

    static final String PATH = "/v1/models";

    private final ApiKeyCheck keys;

    OpenAiModelsHandler(ApiKeyCheck keys) {
        this.keys = keys;
    }

    @Override
    public void handle(HttpExchange exchange) {
        String requestId = "req_" + UUID.randomUUID().toString().replace("-", "");
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        boolean list = path.equals(PATH) || path.equals(PATH + "/");
        String id = path.startsWith(PATH + "/") ? path.substring(PATH.length() + 1) : "";
        if (!method.equals("GET") || !list && (id.isEmpty() || id.contains("/"))) {
            OpenAiError.invalidUrl(method, path).sendTo(exchange, requestId);
            return;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (!keys.accepts(authorization)) {
            (authorization == null ? OpenAiError.missingKey() : OpenAiError.wrongKey()).sendTo(exchange, requestId);
            return;
        }
        Map<String, String> headers = Map.of("x-request-id", requestId);
        if (list) {
            List<OpenAiModel.ListedModel> data = OpenAiModels.ALL.stream().map(OpenAiModel::listed).toList();
            Exchanges.sendJson(exchange, 200, new ModelList("list", data), headers);
            return;
        }
        OpenAiModels.byId(id).ifPresentOrElse(
                model -> Exchanges.sendJson(exchange, 200, model.listed(), headers),
                () -> OpenAiError.noSuchModel(id).sendTo(exchange, requestId));
    }

    record ModelList(String object, List<OpenAiModel.ListedModel> data) {
    }
}
