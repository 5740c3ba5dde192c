package io.genpipe.contracts.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which callback URLs a service delivers to (the ingress checks at submission, the sink again before each delivery,
 * since DNS may answer differently by then). By default only {@code https} to hosts whose every address is
 * {@link AddressClass#PUBLIC}.
 *
 * @param allowHttp             plain {@code http} too (a local run; a receiver behind a TLS-terminating proxy)
 * @param allowPrivateAddresses hosts that are or resolve to private, loopback, link-local, unspecified or multicast
 *                              addresses too (a local run, or a private network that trusts its callers)
 */
public record CallbackPolicy(boolean allowHttp, boolean allowPrivateAddresses) {

    /** Looks a host's addresses up; {@link InetAddress#getAllByName} but in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public static final Resolver DNS = InetAddress::getAllByName;

    /**
     * @param url a URL that {@link CallbackUrl#require} accepted
     * @return why the URL is not delivered to, in words that name its host but never its path or query; empty when
     * it may be
     */
    public Optional<String> refusal(URI url, Resolver resolver) {
        if (!allowHttp && !"https".equals(url.getScheme().toLowerCase(Locale.ROOT))) {
            return Optional.of("must be an https URL (plain http is not allowed here)");
        }
        if (allowPrivateAddresses) {
            return Optional.empty();
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(url.getHost());
        } catch (UnknownHostException e) {
            return Optional.of("host " + url.getHost() + " does not resolve");
        }
        // Every address: a client may connect to any of them.
        for (InetAddress address : addresses) {
            AddressClass kind = AddressClass.of(address);
            if (kind != AddressClass.PUBLIC) {
                return Optional.of("host " + url.getHost() + " is or resolves to " + kind.description() + " ("
                        + address.getHostAddress() + "), which callbacks may not reach");
            }
        }
        return Optional.empty();
    }
}
