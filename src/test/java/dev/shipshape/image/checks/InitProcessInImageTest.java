package dev.shipshape.image.checks;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class InitProcessInImageTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "FROM alpine:3\\nENTRYPOINT [\"/entrypoint.sh\"]                                | 2",
        "FROM alpine:3\\nENTRYPOINT /entrypoint.sh                                    | 2",
        "FROM alpine:3\\nCMD [\"./start.sh\", \"--port\", \"80\"]                          | 2",
        "FROM alpine:3\\nENTRYPOINT [\"tini\", \"--\", \"/entrypoint.sh\"]                  | ''",
        "FROM alpine:3\\nENTRYPOINT [\"/usr/bin/dumb-init\", \"--\"]\\nCMD [\"/run.sh\"]      | ''",
        "FROM alpine:3\\nENTRYPOINT [\"java\", \"-jar\", \"/app.jar\"]                       | ''",
        "FROM alpine:3\\nCMD [\"sh\", \"-c\", \"exec java -jar /app.jar\"]                  | ''",
        "FROM alpine:3\\nCMD [\"sh\", \"-c\", \"java -jar /app.jar\"]                       | 2",
        "FROM alpine:3                                                                | ''"})
    void shellEntrypointsStartThroughAnInit(String dockerfile, String lines) {
        assertThat(DockerfileChecking.lines(new InitProcessInImage(), dockerfile)).isEqualTo(lines);
    }
}
