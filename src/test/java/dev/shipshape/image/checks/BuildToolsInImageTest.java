package dev.shipshape.image.checks;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class BuildToolsInImageTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "FROM debian:12\\nRUN apt-get install -y --no-install-recommends curl          | ''",
        "FROM debian:12\\nRUN apt-get update && apt-get install -y gcc make           | 2,2",
        "FROM alpine:3\\nRUN apk add --no-cache build-base                            | 2",
        "FROM fedora:40\\nRUN dnf install -y gcc-c++ && dnf clean all                 | 2",
        "FROM debian:12 AS build\\nRUN apt-get install -y gcc\\nFROM debian:12      | ''",
        "FROM debian:12 AS base\\nRUN apt-get install -y gcc\\nFROM base            | 2",
        "FROM debian:12\\nRUN apt-get install -y make=4.3-4.1                         | 2",
        "FROM debian:12\\nRUN apt-get remove -y gcc                                   | ''"})
    void theImageThatShipsInstallsNoBuildTools(String dockerfile, String lines) {
        assertThat(DockerfileChecking.lines(new BuildToolsInImage(), dockerfile)).isEqualTo(lines);
    }
}
