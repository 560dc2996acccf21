package dev.shipshape.cluster;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class DeflatedTest {

    @Test
    void whatIsWrittenIsReadBackAgainAndAgainOnOneThread() throws Exception {
        String template = "{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx:1.27\"}]}}".repeat(20);
        byte[] first = Deflated.of(out -> out.write(template.getBytes(StandardCharsets.UTF_8)));
        byte[] second = Deflated.of(out -> out.write("other".getBytes(StandardCharsets.UTF_8)));

        assertThat(first.length).as("compressed").isLessThan(template.length() / 4);
        for (int i = 0; i < 3; i++) {
            try (InputStream in = Deflated.read(first)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(template);
            }
            try (InputStream in = Deflated.read(second)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("other");
            }
        }
        assertThat(Deflated.of(out -> out.write(template.getBytes(StandardCharsets.UTF_8))))
                .as("a reused Deflater compresses as a fresh one").isEqualTo(first);
    }
}
