package dev.shipshape.image.checks;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SecretFilesInImageTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "FROM alpine:3\\nCOPY app.jar /app.jar                                | ''",
        "FROM alpine:3\\nCOPY .env /app/.env                                  | 2",
        "FROM alpine:3\\nCOPY config/.env.production /app/                    | 2",
        "FROM alpine:3\\nADD id_rsa /root/.ssh/                               | 2",
        "FROM alpine:3\\nCOPY [\"tls.key\", \"/etc/tls/\"]                       | 2",
        "FROM alpine:3\\nCOPY .npmrc package.json /app/                       | 2",
        "FROM alpine:3 AS build\\nCOPY .env .\\nFROM alpine:3                  | 2",
        "FROM alpine:3\\nCOPY --from=build /out/.env /app/                    | ''",
        "FROM alpine:3\\nCOPY environment.yaml /app/                          | ''",
        "FROM alpine:3\\nCOPY keys.txt /app/                                  | ''"})
    void noKeyEnvOrCredentialsFileIsCopiedIntoAnyStage(String dockerfile, String lines) {
        assertThat(DockerfileChecking.lines(new SecretFilesInImage(), dockerfile)).isEqualTo(lines);
    }
}
