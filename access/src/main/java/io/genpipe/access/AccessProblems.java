package io.genpipe.access;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Refusals as RFC 9457 problem+json, like every other error of genpipe's APIs: 401 for no key or a wrong one (with
 * {@code WWW-Authenticate}), 403 for a key whose role may not call the endpoint. Counted in
 * {@code genpipe.access.refused} by status and reason.
 */
final class AccessProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    static final String REFUSED = "genpipe.access.refused";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MeterRegistry meters;

    AccessProblems(MeterRegistry meters) {
        this.meters = meters;
    }

    /** No key, or a key that is not valid. */
    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof AuthenticationServiceException) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "5");
            write(response, HttpStatus.SERVICE_UNAVAILABLE, "keys-unavailable", "API keys unavailable",
                    e.getMessage(), "keys-unavailable");
            return;
        }
        boolean presented = request.getHeader(HttpHeaders.AUTHORIZATION) != null
                || request.getHeader(io.genpipe.access.keys.PresentedKeys.API_KEY_HEADER) != null;
        String detail = presented ? e.getMessage()
                : "An API key is required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'";
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"genpipe\"");
        write(response, HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthenticated", detail,
                presented ? "wrong-key" : "no-key");
    }

    /** A valid key whose role may not call this endpoint. */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        Object principal = SecurityContextHolder.getContext().getAuthentication() == null ? null
                : SecurityContextHolder.getContext().getAuthentication().getPrincipal();
        String who = principal instanceof Caller caller ? "key '" + caller.keyId() + "' has the role " + caller.role()
                : "this key may not call it";
        write(response, HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                request.getRequestURI() + " needs the ADMIN role; " + who, "not-admin");
    }

    private void write(HttpServletResponse response, HttpStatus status, String type, String title, String detail,
                       String reason) throws IOException {
        meters.counter(REFUSED, "status", Integer.toString(status.value()), "reason", reason).increment();
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "https://genpipe.io/problems/" + type);
        problem.put("title", title);
        problem.put("status", status.value());
        problem.put("detail", detail);
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        response.getOutputStream().write(JSON.writeValueAsBytes(problem));
    }
}
