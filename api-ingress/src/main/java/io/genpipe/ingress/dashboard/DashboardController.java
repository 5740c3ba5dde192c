package io.genpipe.ingress.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /v1/dashboard/sink/<read>}: the dashboard's reads of the results sink, from the page's own origin. Only
 * the reads of {@link SinkAllowList} are forwarded, each with the caller's own key; anything else is refused here and
 * never reaches the sink.
 */
@RestController
class DashboardController {

    static final String PREFIX = "/v1/dashboard/sink/";

    private final SinkForwarder forwarder;

    DashboardController(SinkForwarder forwarder) {
        this.forwarder = forwarder;
    }

    @GetMapping(PREFIX + "**")
    CompletableFuture<ResponseEntity<Object>> forward(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        SinkAllowList.SinkCall call;
        try {
            call = SinkAllowList.resolve(path.substring(PREFIX.length()), request.getParameterMap());
        } catch (NotForwarded e) {
            forwarder.refused();
            throw e;
        }
        return forwarder.forward(call, PresentedKey.of(request), path);
    }
}
