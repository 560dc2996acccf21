package dev.shipshape.audit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SharedTextTest {

    @Test
    void equalTextsAreHeldOnceWithinTheCapacity() {
        SharedText text = new SharedText(2);
        String first = new String("container \"app\" must set resources.limits.memory");
        String again = new String("container \"app\" must set resources.limits.memory");

        assertThat(text.share(first)).isSameAs(first);
        assertThat(text.share(again)).isSameAs(first);
        assertThat(text.share(null)).isNull();
    }

    @Test
    void theLeastRecentlySeenTextIsLetGoBeyondTheCapacity() {
        SharedText text = new SharedText(2);
        String a = new String("a");
        text.share(a);
        text.share("b");
        text.share("c");

        String another = new String("a");
        assertThat(text.share(another)).as("a was let go").isSameAs(another);
    }
}
