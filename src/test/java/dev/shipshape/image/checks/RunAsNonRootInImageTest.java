package dev.shipshape.image.checks;

import dev.shipshape.policy.checks.RunAsNonRootCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RunAsNonRootInImageTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
        "FROM alpine:3.20\\nUSER 10001                                        | ''  | none",
        "FROM alpine:3.20\\nUSER 10001:10001                                  | ''  | none",
        "FROM alpine:3.20\\nRUN adduser -D app                                | 1   | sets no USER",
        "FROM alpine:3.20\\nUSER root                                         | 2   | runs as root",
        "FROM alpine:3.20\\nUSER 0:0                                          | 2   | runs as root",
        "FROM alpine:3.20\\nUSER 000                                          | 2   | runs as root",
        "FROM alpine:3.20\\nUSER app                                          | 2   | is a name",
        "FROM alpine:3.20\\nUSER 10001\\nUSER root                         | 3   | runs as root",
        "FROM alpine:3.20\\nENV UID=10001\\nUSER ${UID}                       | ''  | none",
        "FROM alpine:3.20 AS base\\nUSER 10001\\nFROM base\\nCOPY a /a        | ''  | none",
        "FROM alpine:3.20 AS build\\nUSER 10001\\nFROM alpine:3.20\\nCOPY a /a | 3   | sets no USER"})
    void theFinalImageRunsAsANonRootNumericUid(String dockerfile, String lines, String message) {
        RunAsNonRootInImage check = new RunAsNonRootInImage(new RunAsNonRootCheck());

        assertThat(DockerfileChecking.lines(check, dockerfile)).isEqualTo(lines);
        if (message != null) {
            assertThat(DockerfileChecking.findings(check, dockerfile).get(0)).contains(message);
        }
    }
}
