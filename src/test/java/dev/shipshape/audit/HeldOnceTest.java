package dev.shipshape.audit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeldOnceTest {

    @Test
    void equalTextsAreHeldOnceWithinTheCapacity() {
        HeldOnce<String> text = new HeldOnce<>(2);
        String first = new String("container \"app\" must set resources.limits.memory");
        String again = new String("container \"app\" must set resources.limits.memory");

        assertThat(text.share(first)).isSameAs(first);
        assertThat(text.share(again)).isSameAs(first);
        assertThat(text.share(null)).isNull();
    }

    @Test
    void theLeastRecentlySeenTextIsLetGoBeyondTheCapacity() {
        HeldOnce<String> text = new HeldOnce<>(2);
        String a = new String("a");
        text.share(a);
        text.share("b");
        text.share("c");

        String another = new String("a");
        assertThat(text.share(another)).as("a was let go").isSameAs(another);
    }
}
