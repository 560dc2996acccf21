package dev.shipshape.image.checks;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class WorldWritableInImageTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "FROM alpine:3\\nRUN chmod 777 /app                 | 2",
        "FROM alpine:3\\nRUN chmod -R 0777 /data            | 2",
        "FROM alpine:3\\nRUN chmod a+rwx /app               | 2",
        "FROM alpine:3\\nRUN chmod o+w /app                 | 2",
        "FROM alpine:3\\nRUN chmod 755 /app && chmod 644 /a  | ''",
        "FROM alpine:3\\nRUN chmod 1777 /tmp                | ''"})
    void noFileIsMadeWritableByEveryUser(String dockerfile, String lines) {
        assertThat(DockerfileChecking.lines(new WorldWritableInImage(), dockerfile)).isEqualTo(lines);
    }
}
