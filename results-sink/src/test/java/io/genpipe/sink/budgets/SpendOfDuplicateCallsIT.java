package io.genpipe.sink.budgets;

import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.AttemptSucceeded;
import io.genpipe.contracts.event.SpendScope;
import io.genpipe.contracts.event.VendorCall;
import io.genpipe.sink.JobStory;
import io.genpipe.sink.RunningSink;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import static io.genpipe.sink.JobStory.OPENAI;
import static io.genpipe.sink.JobStory.GPT_IMAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The spend budgets are held to is what the vendors bill: a vendor call a worker crash made twice counts, while a
 * redelivered report does not. Each test has a tenant of its own and reads that tenant's spend on the day its attempts
 * billed, as the snapshots for {@code genpipe.spend.v1} read it, from events that came through the real topics.
 */
class SpendOfDuplicateCallsIT extends RunningSink {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    private SpendQueries spend;

    @Test
    void aCallMadeAgainAfterACrashIsSpentTwiceWhileARedeliveredReportIsSpentOnce() {
        String tenant = INFRA.uniqueName("spend-twice");
        JobStory story = JobStory.of(INFRA.uniqueName("job"), tenant, null);
        AttemptSucceeded first = story.succeeds(OPENAI, GPT_IMAGE, "0.04", 8_000);
        AttemptResult reported = first.withCalls(List.of(story.call(first, 0, VendorCall.Outcome.ANSWERED, "0.04")));
        // The replacement worker found call 0 unanswered in the journal and called OpenAI again.
        AttemptResult again = story.reportedAgain(first, "0.04").withCalls(List.of(
                story.call(first, 0, VendorCall.Outcome.LOST, "0.04"),
                story.call(first, 1, VendorCall.Outcome.ANSWERED, "0.04")));
        publish(story.requested());
        publish(reported);
        publish(reported);
        publish(again);
        publish(story.succeeded());

        awaitSpend(tenant, first, "0.08", 0);
    }

    @Test
    void aLostCallNobodyCouldPriceIsUnknownNeverZeroAndARetryAfterA429IsNotSpent() {
        String tenant = INFRA.uniqueName("spend-unpriced");
        JobStory story = JobStory.of(INFRA.uniqueName("job"), tenant, null);
        AttemptSucceeded succeeded = story.succeeds(OPENAI, GPT_IMAGE, "0.04", 8_000);
        publish(story.requested());
        publish(succeeded.withLostCalls(1, null).withCalls(List.of(
                story.call(succeeded, 0, VendorCall.Outcome.LOST, null),
                story.call(succeeded, 1, VendorCall.Outcome.RETRIED, "0"),
                story.call(succeeded, 2, VendorCall.Outcome.ANSWERED, "0.04"))));
        publish(story.succeeded());

        awaitSpend(tenant, succeeded, "0.04", 1);
    }

    @Test
    void aProducerThatListsNoCallsBillsItsLostCallsAtTheirExpectedCostOrAsUnknown() {
        String tenant = INFRA.uniqueName("spend-no-calls");
        JobStory priced = JobStory.of(INFRA.uniqueName("job"), tenant, null);
        AttemptSucceeded lostPriced = priced.succeeds(OPENAI, GPT_IMAGE, "0.04", 8_000);
        JobStory unpriced = JobStory.of(INFRA.uniqueName("job"), tenant, null);
        AttemptSucceeded lostUnpriced = unpriced.succeeds(OPENAI, GPT_IMAGE, "0.02", 8_000);
        publish(priced.requested());
        publish(lostPriced.withLostCalls(1, new BigDecimal("0.04")));
        publish(priced.succeeded());
        publish(unpriced.requested());
        publish(lostUnpriced.withLostCalls(2, null));
        publish(unpriced.succeeded());

        awaitSpend(tenant, lostPriced, "0.10", 2);
    }

    private void awaitSpend(String tenant, AttemptResult billedOn, String knownUsd, long unknown) {
        await().atMost(PATIENCE).untilAsserted(() -> {
            SpendQueries.Spend day = SpendQueries.total(spend.month(SpendScope.TENANT, tenant,
                    billedOn.occurredAt().atZone(ZoneOffset.UTC).toLocalDate()));
            assertThat(day.knownUsd()).isEqualByComparingTo(knownUsd);
            assertThat(day.unknownCostCalls()).isEqualTo(unknown);
        });
    }
}
