package dev.shipshape.image.checks;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PipeToShellInImageTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '¦', value = {
        "FROM alpine:3\\nRUN curl -fsSL https://get.example.com | sh ¦ 2",
        "FROM alpine:3\\nRUN wget -qO- https://get.example.com | bash -s -- --yes ¦ 2",
        "FROM alpine:3\\nRUN curl -fsSL https://x.example | sudo sh ¦ 2",
        "FROM alpine:3\\nRUN curl -fsSLo install.sh https://x.example && sha256sum -c sums && sh install.sh ¦ ''",
        "FROM alpine:3\\nRUN curl -fsSL https://x.example | tar -xz ¦ ''",
        "FROM alpine:3 AS build\\nRUN curl -s https://x.example | sh\\nFROM alpine:3 ¦ 2"})
    void noDownloadIsPipedIntoAShell(String dockerfile, String lines) {
        assertThat(DockerfileChecking.lines(new PipeToShellInImage(), dockerfile)).isEqualTo(lines);
    }
}
