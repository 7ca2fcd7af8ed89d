package org.signet.approval.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.signet.approval.MutableClock;

class InMemoryApprovalStoreTest extends ApprovalStoreContract {

    private final MutableClock clock = MutableClock.startingNow();
    private final InMemoryApprovalStore store = new InMemoryApprovalStore(clock);

    @Override
    ApprovalStore replicaA() {
        return store;
    }

    @Override
    ApprovalStore replicaB() {
        return store;
    }

    @Test
    void takeWhenExpiredThenEmpty() {
        store.put("sad", "old", "v", Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(31));
        assertThat(store.take("sad", "old")).isEmpty();
        assertThat(store.get("sad", "old")).isEmpty();
    }
}
