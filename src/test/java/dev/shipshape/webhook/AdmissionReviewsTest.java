package dev.shipshape.webhook;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdmissionReviewsTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void nestingBeyondTheLimitIsRefusedWithItsPosition() {
        assertThatThrownBy(() -> AdmissionReviews.read(bytes("[".repeat(201) + "]".repeat(201))))
                .isInstanceOf(BadReviewException.class)
                .hasMessage("the body is nested too deeply (more than 200 levels) at line 1, column 202");
    }

    @Test
    void otherLimitsOfTheReaderAreNamedForWhatTheyAreWithTheirPosition() {
        String review = "{\"apiVersion\": \"admission.k8s.io/v1\",\n\"replicas\": " + "9".repeat(1001) + "}";

        assertThatThrownBy(() -> AdmissionReviews.read(bytes(review)))
                .isInstanceOf(BadReviewException.class)
                .hasMessage("the body exceeds a limit of the JSON reader: Number value length (1001) exceeds the "
                        + "maximum allowed (1000) at line 2, column 1014");
    }
}
