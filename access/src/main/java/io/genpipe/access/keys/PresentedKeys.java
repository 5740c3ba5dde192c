package io.genpipe.access.keys;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads the key a request presents: {@code Authorization: Bearer <key>}, as every OpenAI SDK sends it, or
 * {@code X-API-Key: <key>}. No key: {@code null}, and the endpoint's rule decides (401 unless it is a probe).
 */
public final class PresentedKeys implements AuthenticationConverter {

    public static final String API_KEY_HEADER = "X-API-Key";
    private static final String BEARER = "bearer ";

    @Override
    public ApiKeyAuthentication convert(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                throw new BadCredentialsException("The Authorization header must be 'Bearer <key>'");
            }
            return presented(authorization.substring(BEARER.length()).trim());
        }
        String header = request.getHeader(API_KEY_HEADER);
        return header == null ? null : presented(header.trim());
    }

    private static ApiKeyAuthentication presented(String key) {
        if (key.isEmpty()) {
            throw new BadCredentialsException("The API key is empty");
        }
        return ApiKeyAuthentication.presented(key);
    }
}
