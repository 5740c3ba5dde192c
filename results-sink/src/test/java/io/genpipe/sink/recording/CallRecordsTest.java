package io.genpipe.sink.recording;

import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.AttemptSucceeded;
import io.genpipe.contracts.event.VendorCall;
import io.genpipe.sink.JobStory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.genpipe.sink.JobStory.GPT_IMAGE;
import static io.genpipe.sink.JobStory.OPENAI;
import static org.assertj.core.api.Assertions.assertThat;

/** Which reports make the recorder work out their attempt's duplicates: the rare ones that can have any. */
class CallRecordsTest {

    private final JobStory story = JobStory.of("job-1", "studio-north", null);
    private final AttemptSucceeded succeeded = story.succeeds(OPENAI, GPT_IMAGE, "0.04", 8_000);

    @Test
    void aReportThatBillsItsAttemptWithItsOneAnsweredCallHasNone() {
        assertThat(CallRecords.mayHaveDuplicates(with(VendorCall.Outcome.ANSWERED), true)).isFalse();
    }

    @Test
    void aReportOfNoCallsHasNoneToRecord() {
        assertThat(CallRecords.mayHaveDuplicates(succeeded, false)).isFalse();
    }

    @Test
    void aReportAfterTheBilledOneMayHaveAnAnswerPaidTwice() {
        assertThat(CallRecords.mayHaveDuplicates(with(VendorCall.Outcome.ANSWERED), false)).isTrue();
    }

    @Test
    void aLostCallOrSeveralCallsMayBeDuplicates() {
        assertThat(CallRecords.mayHaveDuplicates(with(VendorCall.Outcome.LOST), true)).isTrue();
        assertThat(CallRecords.mayHaveDuplicates(with(VendorCall.Outcome.RETRIED, VendorCall.Outcome.ANSWERED), true))
                .isTrue();
    }

    private AttemptResult with(VendorCall.Outcome... outcomes) {
        List<VendorCall> calls = new ArrayList<>();
        for (int n = 0; n < outcomes.length; n++) {
            calls.add(story.call(succeeded, n, outcomes[n], outcomes[n] == VendorCall.Outcome.ANSWERED ? "0.04" : null));
        }
        return succeeded.withCalls(calls);
    }
}
