package io.genpipe.simulator.leonardo;

import io.genpipe.simulator.SimulatorHttp;
import io.genpipe.simulator.SimulatorHttp.Reply;
import io.genpipe.simulator.SimulatorSettings;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.VendorSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static io.genpipe.simulator.SimulatorHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Every refusal of {@code POST /generations}, in Leonardo's Hasura-style error body. */
class LeonardoFailureModesTest {

    private static final String KEY = "Bearer right-key";
    private static final SimulatorHttp http = new SimulatorHttp();
    private static VendorSimulator simulator;
    private static URI generations;

    @BeforeAll
    static void start() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults().withKey(Vendor.LEONARDO, "right-key"));
        generations = URI.create(simulator.baseUrl(Vendor.LEONARDO) + "/generations");
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @AfterEach
    void healthyAgain() {
        simulator.profile(Vendor.LEONARDO, VendorProfile.healthy());
    }

    @Test
    void refusesAMissingOrWrongKeyOnEveryCall() {
        Reply missing = http.post(generations, null, "{\"prompt\":\"p\"}");
        Reply wrong = http.post(generations, "Bearer wrong-key", "{\"prompt\":\"p\"}");
        Reply wrongScheme = http.post(generations, "Key right-key", "{\"prompt\":\"p\"}");
        Reply poll = http.get(URI.create(generations + "/x"), null);

        for (Reply reply : new Reply[] {missing, wrong, wrongScheme, poll}) {
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.json()).isEqualTo(json("{\"error\":\"Authentication hook unauthorized this request\","
                    + "\"path\":\"$\",\"code\":\"access-denied\"}"));
        }
    }

    @Test
    void anEmptyBalanceIsA400SayingNotEnoughApiTokens() {
        simulator.profile(Vendor.LEONARDO, VendorProfile.healthy().withCreditExhausted(true));

        Reply reply = http.post(generations, KEY, "{\"prompt\":\"p\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").stringValue()).startsWith("not enough api tokens userId: ");
        assertThat(reply.json().get("code").stringValue()).isEqualTo("unexpected");
        assertThat(reply.json().get("path").stringValue()).isEqualTo("$");
    }

    @Test
    void aModeratedPromptIsA400NamingTheFilter() {
        Reply reply = http.post(generations, KEY, "{\"prompt\":\"something [unsafe]\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json()).isEqualTo(json("{\"error\":\"content moderation filter: unsafe\",\"path\":\"$\","
                + "\"code\":\"unexpected\"}"));
    }

    @Test
    void wrongTypesAndSizesAre400s() {
        Reply notBoolean = http.post(generations, KEY, "{\"prompt\":\"p\",\"alchemy\":\"yes\"}");
        Reply notMultipleOf8 = http.post(generations, KEY, "{\"prompt\":\"p\",\"width\":1020}");
        Reply tooMany = http.post(generations, KEY, "{\"prompt\":\"p\",\"num_images\":9}");
        Reply noPrompt = http.post(generations, KEY, "{\"width\":512}");
        Reply notJson = http.post(generations, KEY, "prompt=p");

        assertThat(notBoolean.json().get("error").stringValue())
                .isEqualTo("Expected a boolean for type Boolean but found a string");
        for (Reply reply : new Reply[] {notBoolean, notMultipleOf8, tooMany, noPrompt, notJson}) {
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.json().get("path").stringValue()).isEqualTo("$");
        }
    }

    @Test
    void aRateLimitIsA429StatingTheWaitWhenTheProfileSetsOne() {
        simulator.profile(Vendor.LEONARDO, VendorProfile.healthy().withRateLimitRate(1.0)
                .withRetryAfter(Duration.ofMillis(1500)));

        Reply reply = http.post(generations, KEY, "{\"prompt\":\"p\"}");

        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.header("Retry-After")).isEqualTo("2");
        assertThat(simulator.limitRefusals(Vendor.LEONARDO)).as("random refusals are not the account's").isZero();
    }

    @Test
    void anOutageIsA503AndLiftsAtOnce() {
        simulator.profile(Vendor.LEONARDO, VendorProfile.outageProfile());
        assertThat(http.post(generations, KEY, "{\"prompt\":\"p\"}").status()).isEqualTo(503);

        simulator.profile(Vendor.LEONARDO, VendorProfile.healthy());
        assertThat(http.post(generations, KEY, "{\"prompt\":\"p\"}").status()).isEqualTo(200);
    }

    @Test
    void otherPathsAre404s() {
        assertThat(http.get(URI.create(simulator.baseUrl(Vendor.LEONARDO) + "/platformModels"), KEY).status())
                .isEqualTo(404);
    }
}
