package dev.shipshape.image.checks;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RemoteAddInImageTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "FROM alpine:3\\nADD app.tar.gz /opt/                                                     | ''",
        "FROM alpine:3\\nADD https://example.com/tool.tar.gz /opt/                                | 2",
        "FROM alpine:3\\nADD http://example.com/tool /opt/tool                                    | 2",
        "FROM alpine:3\\nADD --checksum=sha256:abc https://example.com/tool.tar.gz /opt/          | ''",
        "FROM alpine:3\\nADD [\"https://example.com/a\", \"/a\"]                                       | 2",
        "FROM alpine:3\\nCOPY https.txt /opt/                                                     | ''"})
    void remoteAddsArePinnedByChecksum(String dockerfile, String lines) {
        assertThat(DockerfileChecking.lines(new RemoteAddInImage(), dockerfile)).isEqualTo(lines);
    }
}
