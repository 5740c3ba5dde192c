package io.genpipe.simulator.profile;

import io.genpipe.simulator.LatencyProfile;
import io.genpipe.simulator.SimulatorHttp;
import io.genpipe.simulator.SimulatorHttp.Reply;
import io.genpipe.simulator.SimulatorSettings;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.VendorSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ProfileControlTest {

    private final SimulatorHttp http = new SimulatorHttp();
    private VendorSimulator simulator;
    private URI falProfile;
    private URI openAiProfile;

    @BeforeEach
    void start() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults());
        falProfile = simulator.baseUrl(Vendor.FAL).resolve("/__simulator/profile");
        openAiProfile = simulator.baseUrl(Vendor.OPENAI).resolve("/__simulator/profile");
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void showsTheCurrentProfileWithIsoDurations() {
        JsonNode shown = http.get(falProfile, null).json();

        assertThat(shown.get("vendor").stringValue()).isEqualTo("FAL");
        assertThat(shown.get("latency").get("median").stringValue()).isEqualTo("PT0.09S");
        assertThat(shown.get("latency").get("p95").stringValue()).isEqualTo("PT0.15S");
        assertThat(shown.get("errorRate").doubleValue()).isZero();
        assertThat(shown.get("outage").booleanValue()).isFalse();
        assertThat(shown.get("requestCount").longValue()).isZero();
    }

    @Test
    void puttingAnOutageTakesEffectOnTheNextCall() {
        Reply changed = http.put(falProfile, null, "{\"outage\":true}");

        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("outage").booleanValue()).isTrue();
        assertThat(simulator.profile(Vendor.FAL).outage()).isTrue();
        assertThat(simulator.profile(Vendor.OPENAI).outage()).isFalse();
        Reply submit = http.post(simulator.baseUrl(Vendor.FAL).resolve("/fal-ai/flux/schnell"), "Key k", "{\"prompt\":\"p\"}");
        assertThat(submit.status()).isEqualTo(503);

        http.put(falProfile, null, "{\"outage\":false}");
        assertThat(http.post(simulator.baseUrl(Vendor.FAL).resolve("/fal-ai/flux/schnell"), "Key k", "{\"prompt\":\"p\"}").status())
                .isEqualTo(200);
    }

    @Test
    void aMalformedRateAnswersA200WhoseBodyIsNotTheVendorsShape() {
        Reply changed = http.put(openAiProfile, null, "{\"malformedRate\":1.0}");

        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("malformedRate").doubleValue()).isEqualTo(1.0);
        Reply generated = http.post(simulator.baseUrl(Vendor.OPENAI).resolve("/v1/images/generations"), "Bearer sk-k",
                "{\"model\":\"gpt-image-2\",\"prompt\":\"p\"}");
        assertThat(generated.status()).isEqualTo(200);
        assertThat(generated.header("Content-Type")).startsWith("application/json");
        assertThat(new String(generated.body())).startsWith("{").doesNotEndWith("}");
        assertThat(http.put(openAiProfile, null, "{\"malformedRate\":1.5}").status()).isEqualTo(400);
    }

    @Test
    void aStatedWaitMakesEveryVendorsRateLimitSayHowLongToWait() {
        http.put(falProfile, null, "{\"rateLimitRate\":1.0,\"retryAfter\":\"PT1.5S\"}");
        simulator.profile(Vendor.OPENAI, VendorProfile.healthy().withRateLimitRate(1.0)
                .withRetryAfter(Duration.ofMillis(1500)));

        Reply fal = http.post(simulator.baseUrl(Vendor.FAL).resolve("/fal-ai/flux/schnell"), "Key k", "{\"prompt\":\"p\"}");
        Reply openAi = http.post(simulator.baseUrl(Vendor.OPENAI).resolve("/v1/images/generations"), "Bearer sk-k",
                "{\"model\":\"gpt-image-2\",\"prompt\":\"p\"}");

        assertThat(fal.status()).isEqualTo(429);
        assertThat(fal.header("Retry-After")).isEqualTo("2");
        assertThat(openAi.status()).isEqualTo(429);
        assertThat(openAi.header("Retry-After")).isEqualTo("2");
        assertThat(openAi.header("retry-after-ms")).isEqualTo("1500");
        assertThat(http.put(falProfile, null, "{\"retryAfter\":null}").json().get("retryAfter").isNull()).isTrue();
        assertThat(http.post(simulator.baseUrl(Vendor.FAL).resolve("/fal-ai/flux/schnell"), "Key k",
                "{\"prompt\":\"p\"}").header("Retry-After")).isNull();
    }

    @Test
    void aPartialChangeKeepsTheOtherFields() {
        simulator.profile(Vendor.OPENAI, VendorProfile.healthy().withErrorRate(0.25));

        http.put(openAiProfile, null, "{\"rateLimitRate\":0.5,\"latency\":{\"median\":2000,\"p95\":\"PT4S\"}}");

        VendorProfile now = simulator.profile(Vendor.OPENAI);
        assertThat(now.errorRate()).isEqualTo(0.25);
        assertThat(now.rateLimitRate()).isEqualTo(0.5);
        assertThat(now.latency()).isEqualTo(new LatencyProfile(Duration.ofSeconds(2), Duration.ofSeconds(4)));
    }

    @Test
    void movingOnlyTheMedianOfAFixedLatencyKeepsItFixed() {
        simulator.profile(Vendor.FAL, VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofMillis(100))));

        http.put(falProfile, null, "{\"latency\":{\"median\":\"PT3S\"}}");

        assertThat(simulator.profile(Vendor.FAL).latency()).isEqualTo(LatencyProfile.fixed(Duration.ofSeconds(3)));
    }

    @Test
    void accountLimitsAreOffByDefaultAndRoundTripThroughJson() {
        assertThat(VendorProfile.healthy().requestsPerMinute()).isNull();
        assertThat(VendorProfile.healthy().concurrency()).isNull();
        JsonNode shown = http.get(falProfile, null).json();
        assertThat(shown.get("requestsPerMinute").isNull()).isTrue();
        assertThat(shown.get("concurrency").isNull()).isTrue();

        Reply changed = http.put(falProfile, null, "{\"requestsPerMinute\":120,\"concurrency\":4}");
        simulator.profile(Vendor.OPENAI, VendorProfile.healthy().withRequestsPerMinute(5).withConcurrency(2));

        assertThat(changed.json().get("requestsPerMinute").intValue()).isEqualTo(120);
        assertThat(changed.json().get("concurrency").intValue()).isEqualTo(4);
        assertThat(simulator.profile(Vendor.FAL))
                .isEqualTo(VendorProfile.healthy().withRequestsPerMinute(120).withConcurrency(4));
        JsonNode openAi = http.get(openAiProfile, null).json();
        assertThat(openAi.get("requestsPerMinute").intValue()).isEqualTo(5);
        assertThat(openAi.get("concurrency").intValue()).isEqualTo(2);
        http.put(falProfile, null, "{\"concurrency\":null}");
        assertThat(simulator.profile(Vendor.FAL)).isEqualTo(VendorProfile.healthy().withRequestsPerMinute(120));
        http.put(falProfile, null, "{\"requestsPerMinute\":null}");
        assertThat(simulator.profile(Vendor.FAL)).isEqualTo(VendorProfile.healthy());
    }

    @Test
    void accountLimitsMustBeWholeNumbersOfAtLeastOne() {
        for (String field : new String[] {"requestsPerMinute", "concurrency"}) {
            for (String limit : new String[] {"0", "-3", "1.5", "\"60\"", "true"}) {
                Reply refused = http.put(falProfile, null, "{\"" + field + "\":" + limit + "}");

                assertThat(refused.status()).as(field + " " + limit).isEqualTo(400);
                assertThat(refused.json().get("error").stringValue()).contains(field);
            }
        }
        assertThat(simulator.profile(Vendor.FAL)).isEqualTo(VendorProfile.healthy());
    }

    @Test
    void anInvalidChangeIsRefusedAndChangesNothing() {
        Reply badRate = http.put(falProfile, null, "{\"outage\":true,\"errorRate\":1.5}");
        Reply badLatency = http.put(falProfile, null, "{\"latency\":{\"median\":\"PT2S\",\"p95\":\"PT1S\"}}");
        Reply notJson = http.put(falProfile, null, "outage");

        assertThat(badRate.status()).isEqualTo(400);
        assertThat(badRate.json().get("error").stringValue()).contains("errorRate");
        assertThat(badLatency.status()).isEqualTo(400);
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(simulator.profile(Vendor.FAL)).isEqualTo(VendorProfile.healthy());
    }
}
