package io.genpipe.ingress.dashboard;

import io.genpipe.access.keys.PresentedKeys;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;

/**
 * The caller's API key in the header it came in ({@code Authorization: Bearer} or {@code X-API-Key}), already accepted
 * by this ingress, to send on to the sink unchanged. {@code toString()} never shows the key.
 */
record PresentedKey(String header, String value) {

    /** The request's key; the security filter has let through only requests that present one. */
    static PresentedKey of(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            return new PresentedKey(HttpHeaders.AUTHORIZATION, authorization);
        }
        String header = request.getHeader(PresentedKeys.API_KEY_HEADER);
        if (header == null) {
            throw new IllegalStateException("an authenticated request without a key header");
        }
        return new PresentedKey(PresentedKeys.API_KEY_HEADER, header);
    }

    @Override
    public String toString() {
        return "PresentedKey[" + header + "]";
    }
}
