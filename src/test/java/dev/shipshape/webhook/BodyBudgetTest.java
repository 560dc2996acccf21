package dev.shipshape.webhook;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BodyBudgetTest {

    private final BodyBudget budget = new BodyBudget(100);
    private final List<String> granted = new ArrayList<>();

    private BodyBudget.Claim claim(String name, long bytes) {
        return budget.claim(bytes, () -> granted.add(name));
    }

    @Test
    void claimsThatFitAreGrantedAtOnce() {
        claim("a", 60);
        claim("b", 40);

        assertThat(granted).containsExactly("a", "b");
        assertThat(budget.held()).isEqualTo(100);
        assertThat(budget.waiting()).isZero();
    }

    @Test
    void aClaimThatDoesNotFitWaitsUntilAReleaseMakesRoom() {
        BodyBudget.Claim first = claim("a", 60);
        claim("b", 60);

        assertThat(granted).containsExactly("a");
        assertThat(budget.waiting()).isEqualTo(1);

        first.release();

        assertThat(granted).containsExactly("a", "b");
        assertThat(budget.held()).isEqualTo(60);
        assertThat(budget.waiting()).isZero();
    }

    @Test
    void waitingClaimsAreGrantedInArrivalOrderSoALargeOneIsNeverOvertaken() {
        BodyBudget.Claim first = claim("a", 90);
        claim("large", 100);
        claim("small", 5);

        assertThat(granted).as("the small one fits but arrived after a waiting one").containsExactly("a");

        first.release();

        assertThat(granted).containsExactly("a", "large");
        assertThat(budget.waiting()).isEqualTo(1);
    }

    @Test
    void oneReleaseGrantsEveryWaitingClaimThatNowFits() {
        BodyBudget.Claim first = claim("a", 100);
        claim("b", 30);
        claim("c", 30);
        claim("d", 50);

        first.release();

        assertThat(granted).containsExactly("a", "b", "c");
        assertThat(budget.held()).isEqualTo(60);
        assertThat(budget.waiting()).isEqualTo(1);
    }

    @Test
    void aWaitingClaimThatIsReleasedLeavesTheQueueWithoutEverBeingGranted() {
        BodyBudget.Claim first = claim("a", 100);
        BodyBudget.Claim abandoned = claim("b", 50);
        claim("c", 80);

        abandoned.release();
        assertThat(budget.waiting()).isEqualTo(1);
        first.release();

        assertThat(granted).containsExactly("a", "c");
        assertThat(budget.held()).isEqualTo(80);
    }

    @Test
    void onlyTheFirstReleaseOfAClaimCounts() {
        BodyBudget.Claim first = claim("a", 70);
        claim("b", 30);

        first.release();
        first.release();

        assertThat(budget.held()).isEqualTo(30);
    }

    @Test
    void aClaimLargerThanTheWholeBudgetIsRefused() {
        assertThatThrownBy(() -> claim("huge", 101))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a claim of 101 bytes can never fit in 100");
    }
}
