package io.genpipe.worker.ratelimit;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionShareTest {

    private final List<Double> told = new ArrayList<>();
    private final PartitionShare share = new PartitionShare(told::add);

    @Test
    void isNothingUntilPartitionsAreAssigned() {
        assertThat(share.fraction()).isZero();
    }

    @Test
    void isThePartOfThePartitionsOwnedAndFollowsEachRebalance() {
        share.assigned(List.of(0, 1, 2), 6);
        share.assigned(List.of(3), 6); // a cooperative rebalance adds a partition
        share.revoked(List.of(0, 1));

        assertThat(told).containsExactly(0.5, 4 / 6.0, 2 / 6.0);
    }

    @Test
    void twoInstancesOfOneGroupAddUpToTheWholeAccount() {
        PartitionShare other = new PartitionShare(fraction -> { });

        share.assigned(List.of(0, 2, 4, 5), 6);
        other.assigned(List.of(1, 3), 6);

        assertThat(share.fraction() + other.fraction()).isEqualTo(1.0);
    }
}
