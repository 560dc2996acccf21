package dev.shipshape.cluster;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SharedBytesTest {

    @Test
    void equalArraysAreHeldOnceUntilTheLastHolderLetsGo() {
        SharedBytes pool = new SharedBytes();
        byte[] first = {1, 2, 3};
        byte[] second = {1, 2, 3};

        assertThat(pool.acquire(first)).isSameAs(first);
        assertThat(pool.acquire(second)).as("an equal array is the pooled one").isSameAs(first);
        assertThat(pool.acquire(new byte[] {4})).hasSize(1);
        assertThat(pool.size()).isEqualTo(2);

        pool.release(second);
        assertThat(pool.size()).as("one holder of {1, 2, 3} left").isEqualTo(2);
        pool.release(first);
        assertThat(pool.size()).isEqualTo(1);
        pool.release(new byte[] {9});
        assertThat(pool.size()).as("releasing what is not pooled changes nothing").isEqualTo(1);
    }
}
