package io.genpipe.access.keys;

import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/** Looks a presented key up by its hash. An unknown key is refused; it is never logged, not even in part. */
public final class ApiKeyAuthenticationProvider implements AuthenticationProvider {

    private final ApiKeys keys;

    public ApiKeyAuthenticationProvider(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String key = ((ApiKeyAuthentication) authentication).presentedKey();
        try {
            return keys.find(ApiKeyHash.sha256(key))
                    .map(ApiKeyAuthentication::of)
                    .orElseThrow(() -> new BadCredentialsException("The API key is not valid"));
        } catch (DataAccessException e) {
            // Not the caller's fault: a 503 to retry, not a 401 that says the key is wrong.
            throw new AuthenticationServiceException("API keys cannot be checked now; retry shortly", e);
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return ApiKeyAuthentication.class.isAssignableFrom(authentication);
    }
}
