package io.genpipe.worker.adapter;

import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.catalog.Pricing;
import io.genpipe.contracts.catalog.Size;
import io.genpipe.contracts.catalog.Usage;
import io.genpipe.contracts.catalog.Usd;
import io.genpipe.worker.TestCatalog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class BillingTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Billing billing = new Billing(meters);

    @Test
    void billsWhatTheVendorReportedAtTheCatalogsPrice() {
        Usage images = Usage.ofImages(List.of(new Size(1024, 768), new Size(1024, 768)), null);

        assertThat(billing.bill("fal", TestCatalog.flux(), images)).isEqualTo(Usd.of("0.0045"));
        assertThat(meters.find(Billing.UNKNOWN_COST).counter()).isNull();
    }

    @Test
    void aReportThePriceDoesNotCoverIsAnUnknownCostNeverZero(CapturedOutput output) {
        Usage noTokens = Usage.ofImages(List.of(new Size(1024, 1024)), "low");

        assertThat(billing.bill("openai", TestCatalog.gptImage2(), noTokens)).isNull();
        assertThat(billing.bill("openai", TestCatalog.gptImage2(), noTokens)).isNull();

        assertThat(meters.get(Billing.UNKNOWN_COST).tags("provider", "openai", "model", "gpt-image-2").counter().count())
                .isEqualTo(2);
        assertThat(output.getOut().split("cost unknown", -1)).as("warned once per provider and model").hasSize(2);
    }

    @Test
    void countsEachProviderAndModelApart() {
        CatalogModel sizedOnly = TestCatalog.priced(TestCatalog.flux(),
                new Pricing.PerImage(Map.of("1024x1024", Usd.of("0.01"))));
        Usage otherSize = Usage.ofImages(List.of(new Size(512, 512)), null);

        billing.bill("fal", sizedOnly, otherSize);
        billing.bill("fal-eu", sizedOnly, otherSize);
        billing.unknown("fal", TestCatalog.model("fal", "fal-ai/qwen-image"), "no sizes");

        assertThat(meters.get(Billing.UNKNOWN_COST).counters()).hasSize(3);
    }
}
