package dev.shipshape.image.checks;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SudoInImageTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "FROM debian:12\\nRUN sudo apt-get update                         | 2",
        "FROM debian:12\\nRUN apt-get install -y sudo                     | 2",
        "FROM debian:12\\nRUN apt-get install -y sudo curl                | 2",
        "FROM debian:12\\nRUN echo pseudo && apt-get install -y sudoku    | ''",
        "FROM debian:12\\nRUN apt-get update                              | ''"})
    void sudoIsNeitherUsedNorInstalled(String dockerfile, String lines) {
        assertThat(DockerfileChecking.lines(new SudoInImage(), dockerfile)).isEqualTo(lines);
    }
}
