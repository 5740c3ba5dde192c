package io.genpipe.sink.webhooks;

import io.genpipe.contracts.webhook.CallbackPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sender checks a callback URL again at every attempt, whatever the ingress found when it accepted the job: with
 * {@code allow-private-addresses} false, a host that is or now resolves to a loopback, private or link-local address
 * is refused and nothing is sent. The receiver listens on 127.0.0.1, so a request that got through would be seen.
 */
class WebhookSenderTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final RetrySchedule RETRY = new RetrySchedule(Duration.ofSeconds(10), Duration.ofHours(1), 0.5, 12,
            Duration.ofHours(24));

    private final WebhookReceiver receiver = new WebhookReceiver();

    WebhookSenderTest() throws IOException {
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    @Test
    void aCallbackToALoopbackAddressIsRefusedAtSendTimeAndNothingIsSent() throws Exception {
        String url = receiver.url("/loopback");

        Attempted attempted = sender(false, CallbackPolicy.DNS).attempt(delivery(url), NOW).get(10, TimeUnit.SECONDS);

        assertThat(attempted).isInstanceOfSatisfying(Attempted.Refused.class, refused -> assertThat(refused.reason())
                .contains("127.0.0.1").contains("a loopback address").doesNotContain("token"));
        assertThat(receiver.received("/loopback")).isEmpty();
    }

    /** DNS rebinding: a name that was public when the job was accepted answers a private address by delivery time. */
    @Test
    void aNameThatNowResolvesToAPrivateOrLinkLocalAddressIsRefused() throws Exception {
        String url = receiver.url("/rebound").replace("127.0.0.1", "hooks.example.com");

        Attempted toLoopback = sender(false, resolving("hooks.example.com", "93.184.216.34", "127.0.0.1"))
                .attempt(delivery(url), NOW).get(10, TimeUnit.SECONDS);
        Attempted toPrivate = sender(false, resolving("hooks.example.com", "10.0.0.7"))
                .attempt(delivery(url), NOW).get(10, TimeUnit.SECONDS);
        Attempted toMetadata = sender(false, resolving("hooks.example.com", "169.254.169.254"))
                .attempt(delivery(url), NOW).get(10, TimeUnit.SECONDS);

        assertThat(toLoopback).isInstanceOfSatisfying(Attempted.Refused.class,
                refused -> assertThat(refused.reason()).contains("hooks.example.com").contains("a loopback address"));
        assertThat(toPrivate).isInstanceOfSatisfying(Attempted.Refused.class,
                refused -> assertThat(refused.reason()).contains("a private address"));
        assertThat(toMetadata).isInstanceOfSatisfying(Attempted.Refused.class,
                refused -> assertThat(refused.reason()).contains("a link-local address"));
        assertThat(receiver.received("/rebound")).isEmpty();
    }

    /** The same receiver, allowed: what the refusals above held back would have arrived. */
    @Test
    void withPrivateAddressesAllowedTheSameCallbackIsDeliveredSigned() throws Exception {
        String url = receiver.url("/allowed", 204);

        Attempted attempted = sender(true, host -> {
            throw new AssertionError("nothing to check, so nothing to resolve: " + host);
        }).attempt(delivery(url), NOW).get(10, TimeUnit.SECONDS);

        assertThat(attempted).isEqualTo(new Attempted.Delivered(204));
        assertThat(receiver.received("/allowed")).singleElement()
                .satisfies(received -> assertThat(received.signature()).startsWith("t=" + NOW.getEpochSecond()));
    }

    private static WebhookSender sender(boolean allowPrivateAddresses, CallbackPolicy.Resolver resolver) {
        // Plain http allowed, so that only the address decides (the receiver has no TLS).
        return new WebhookSender(new WebhookSettings("s3cret", true, allowPrivateAddresses, Duration.ofSeconds(1), 20,
                Duration.ofSeconds(2), Duration.ofSeconds(5), RETRY), resolver);
    }

    private static CallbackPolicy.Resolver resolving(String name, String... addresses) {
        return host -> {
            if (!host.equals(name)) {
                throw new UnknownHostException(host);
            }
            InetAddress[] resolved = new InetAddress[addresses.length];
            for (int i = 0; i < addresses.length; i++) {
                resolved[i] = InetAddress.getByAddress(name, InetAddress.getByName(addresses[i]).getAddress());
            }
            return resolved;
        };
    }

    private static Delivery delivery(String url) {
        return new Delivery("job-1", UUID.randomUUID(), "event-1", url, "{\"type\":\"JobSucceeded\"}", 1, NOW);
    }
}
