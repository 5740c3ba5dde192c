package io.genpipe.contracts.webhook;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

class CallbackPolicyTest {

    private static final CallbackPolicy STRICT = new CallbackPolicy(false, false);

    /** hooks.example has a public and a private address, as a rebinding attacker's name would. */
    private static final CallbackPolicy.Resolver RESOLVER = host -> switch (host) {
        case "hooks.example" -> new InetAddress[]{InetAddress.getByName("93.184.215.14")};
        case "split.example" -> new InetAddress[]{InetAddress.getByName("93.184.215.14"),
                InetAddress.getByName("10.1.2.3")};
        case "metadata.example" -> new InetAddress[]{InetAddress.getByName("169.254.169.254")};
        default -> throw new UnknownHostException(host);
    };

    @Test
    void httpsToAPublicHostIsDelivered() {
        assertThat(STRICT.refusal(URI.create("https://hooks.example/genpipe?token=s3cret"), RESOLVER)).isEmpty();
    }

    @Test
    void plainHttpOnlyWhenAllowed() {
        URI http = URI.create("http://hooks.example/genpipe");

        assertThat(STRICT.refusal(http, RESOLVER)).hasValueSatisfying(r -> assertThat(r).contains("https"));
        assertThat(new CallbackPolicy(true, false).refusal(http, RESOLVER)).isEmpty();
    }

    @Test
    void aHostWithAnyNonPublicAddressIsRefusedNamingTheAddressButNotTheQuery() {
        assertThat(STRICT.refusal(URI.create("https://split.example/x?token=s3cret"), RESOLVER))
                .hasValueSatisfying(reason -> assertThat(reason)
                        .contains("split.example", "a private address", "10.1.2.3").doesNotContain("s3cret"));
        assertThat(STRICT.refusal(URI.create("https://metadata.example/latest"), RESOLVER))
                .hasValueSatisfying(reason -> assertThat(reason).contains("a link-local address"));
        assertThat(STRICT.refusal(URI.create("https://127.0.0.1:8443/hook"), CallbackPolicy.DNS))
                .hasValueSatisfying(reason -> assertThat(reason).contains("a loopback address"));
        assertThat(STRICT.refusal(URI.create("https://[::1]/hook"), CallbackPolicy.DNS))
                .hasValueSatisfying(reason -> assertThat(reason).contains("a loopback address"));
    }

    @Test
    void anUnknownHostIsRefused() {
        assertThat(STRICT.refusal(URI.create("https://nowhere.example/"), RESOLVER))
                .hasValue("host nowhere.example does not resolve");
    }

    @Test
    void privateAddressesWhenAllowedAreNotEvenResolved() {
        CallbackPolicy local = new CallbackPolicy(true, true);

        assertThat(local.refusal(URI.create("http://127.0.0.1:9000/hook"), host -> {
            throw new AssertionError("resolved " + host);
        })).isEmpty();
    }
}
