package dev.shipshape.image.checks;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class DockerignoreInImageTest {

    private static final String DOCKERFILE = "FROM alpine:3\\nCOPY . /app";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
        ".git\\n.env                      | true  | ''",
        "*\\n!src/                        | true  | ''",
        "**/.git\\n**/.env*               | true  | ''",
        "/.git/\\n.env                    | true  | ''",
        "node_modules                    | true  | 1,1",
        ".git                            | true  | 1",
        "*\\n!.env                        | true  | 1",
        "none                            | true  | 1",
        "none                            | false | ''"})
    void theBuildContextKeepsGitAndEnvFilesOut(String dockerignore, boolean contextKnown, String lines) {
        String rules = dockerignore == null ? null : dockerignore.replace("\\n", "\n");

        assertThat(DockerfileChecking.lines(new DockerignoreInImage(), DOCKERFILE, rules, contextKnown))
                .isEqualTo(lines);
    }
}
