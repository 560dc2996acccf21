package dev.shipshape.image.checks;

import dev.shipshape.policy.checks.SecretEnvLiteralsCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SecretLiteralsInImageTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "FROM alpine:3\\nENV DB_PASSWORD=hunter2                              | 2",
        "FROM alpine:3\\nENV DB_PASSWORD hunter2                              | 2",
        "FROM alpine:3\\nENV DB_PASSWORD_FILE=/run/secrets/db                 | ''",
        "FROM alpine:3\\nENV LOG_LEVEL=debug PORT=8080                        | ''",
        "FROM alpine:3\\nENV API_TOKEN=                                       | ''",
        "FROM alpine:3\\nARG API_TOKEN                                        | ''",
        "FROM alpine:3\\nARG API_TOKEN=abc123                                 | 2",
        "ARG NPM_TOKEN=abc\\nFROM alpine:3                                    | ''",
        "FROM alpine:3 AS build\\nARG GITHUB_TOKEN=ghp_x\\nFROM alpine:3      | 2",
        "FROM alpine:3 AS build\\nENV SECRET_KEY=x\\nFROM alpine:3            | ''",
        "FROM alpine:3\\nENV TLS_KEY=\"-----BEGIN PRIVATE KEY-----\"            | 2"})
    void noSecretLiteralReachesTheImage(String dockerfile, String lines) {
        assertThat(DockerfileChecking.lines(new SecretLiteralsInImage(new SecretEnvLiteralsCheck()), dockerfile))
                .isEqualTo(lines);
    }
}
