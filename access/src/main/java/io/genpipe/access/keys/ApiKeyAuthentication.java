package io.genpipe.access.keys;

import io.genpipe.access.Caller;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.List;

/**
 * A request's API key: first as presented (not yet trusted, holding the key), then as the {@link Caller} it belongs
 * to (trusted, the key dropped). {@code toString()} never shows the key.
 */
public final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private final transient String presentedKey;
    private final Caller caller;

    private ApiKeyAuthentication(String presentedKey, Caller caller) {
        super(caller == null ? List.of() : List.of(new SimpleGrantedAuthority("ROLE_" + caller.role().name())));
        this.presentedKey = presentedKey;
        this.caller = caller;
        setAuthenticated(caller != null);
    }

    /** A key as the request presented it, before it is looked up. */
    static ApiKeyAuthentication presented(String key) {
        return new ApiKeyAuthentication(key, null);
    }

    /** The key found: who the caller is. */
    static ApiKeyAuthentication of(Caller caller) {
        return new ApiKeyAuthentication(null, caller);
    }

    String presentedKey() {
        return presentedKey;
    }

    /** The key itself is never handed out, even to code that asks the Authentication for its credentials. */
    @Override
    public Object getCredentials() {
        return null;
    }

    /** The {@link Caller} once authenticated; {@code null} before. */
    @Override
    public Object getPrincipal() {
        return caller;
    }

    @Override
    public String getName() {
        return caller == null ? "" : caller.keyId();
    }

    @Override
    public String toString() {
        return caller == null ? "ApiKeyAuthentication[unverified]" : "ApiKeyAuthentication[" + caller + "]";
    }
}
