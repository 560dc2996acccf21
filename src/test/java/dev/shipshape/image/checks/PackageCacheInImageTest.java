package dev.shipshape.image.checks;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PackageCacheInImageTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "FROM debian:12\\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* | ''",
        "FROM debian:12\\nRUN apt-get install -y curl && rm -rf /var/lib/apt/lists/*   | 2",
        "FROM debian:12\\nRUN apt-get install -y --no-install-recommends curl           | 2",
        "FROM debian:12\\nRUN apt-get install -y curl                                   | 2,2",
        "FROM debian:12\\nRUN --mount=type=cache,target=/var/cache/apt apt-get install -y --no-install-recommends curl | ''",
        "FROM alpine:3\\nRUN apk add curl                                               | 2",
        "FROM alpine:3\\nRUN apk add --no-cache curl                                    | ''",
        "FROM fedora:40\\nRUN dnf install -y curl                                       | 2",
        "FROM fedora:40\\nRUN dnf install -y curl && dnf clean all                      | ''",
        "FROM debian:12 AS build\\nRUN apt-get install -y curl\\nFROM debian:12         | ''"})
    void packagesAreInstalledLeanInTheImageThatShips(String dockerfile, String lines) {
        assertThat(DockerfileChecking.lines(new PackageCacheInImage(), dockerfile)).isEqualTo(lines);
    }
}
