package dev.shipshape.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DockerfileParserTest {

    @Test
    void stagesInstructionsLinesFlagsAndForms() throws Exception {
        Dockerfile dockerfile = DockerfileParser.parse("""
                # syntax=docker/dockerfile:1.7
                ARG BASE=eclipse-temurin:21-jdk
                FROM ${BASE} AS build
                WORKDIR /src
                # a comment between instructions
                RUN apt-get update && \\
                    # a comment inside the continuation
                    apt-get install -y --no-install-recommends maven \\
                    && rm -rf /var/lib/apt/lists/*
                COPY --chown=1000:1000 --link . .

                FROM eclipse-temurin:21-jre
                COPY --from=build /src/app.jar /app.jar
                USER 10001
                ENTRYPOINT ["java", "-jar", "/app.jar"]
                """);

        assertThat(dockerfile.syntax()).isEqualTo("docker/dockerfile:1.7");
        assertThat(dockerfile.stages()).hasSize(2);
        Dockerfile.Stage build = dockerfile.stages().get(0);
        assertThat(build.image()).isEqualTo("eclipse-temurin:21-jdk");
        assertThat(build.name()).isEqualTo("build");
        assertThat(dockerfile.stage("build")).isSameAs(build);
        assertThat(dockerfile.stage("0")).isSameAs(build);
        Dockerfile.Instruction run = build.last("RUN");
        assertThat(run.line()).isEqualTo(6);
        assertThat(run.endLine()).isEqualTo(9);
        assertThat(run.arguments()).isEqualTo("apt-get update &&     apt-get install -y --no-install-recommends maven"
                + "     && rm -rf /var/lib/apt/lists/*");
        Dockerfile.Instruction copy = build.last("COPY");
        assertThat(copy.flag("chown")).isEqualTo("1000:1000");
        assertThat(copy.flag("link")).isEmpty();
        assertThat(copy.arguments()).isEqualTo(". .");
        Dockerfile.Stage runtime = dockerfile.finalStage();
        assertThat(runtime.from().line()).isEqualTo(12);
        assertThat(runtime.last("COPY").flag("from")).isEqualTo("build");
        assertThat(runtime.last("USER").arguments()).isEqualTo("10001");
        assertThat(runtime.last("ENTRYPOINT").json()).containsExactly("java", "-jar", "/app.jar");
        assertThat(runtime.last("USER").json()).isNull();
    }

    @Test
    void theEscapeDirectiveChangesTheContinuationCharacter() throws Exception {
        Dockerfile dockerfile = DockerfileParser.parse("# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
                + "RUN dir c:\\ `\n    && echo done\n");

        assertThat(dockerfile.escape()).isEqualTo('`');
        assertThat(dockerfile.finalStage().last("RUN").arguments()).isEqualTo("dir c:\\     && echo done");
    }

    @Test
    void hereDocumentsAreReadWithTheirLines() throws Exception {
        Dockerfile dockerfile = DockerfileParser.parse("FROM alpine:3.20\nRUN <<EOF\napk add --no-cache curl\n"
                + "curl -fsSL https://example.com/install.sh | sh\nEOF\nCOPY <<-'CONF' /etc/app.conf\n\tkey=value\n"
                + "\tCONF\nUSER 1000\n");

        Dockerfile.Instruction run = dockerfile.finalStage().last("RUN");
        assertThat(run.heredocs()).singleElement().satisfies(heredoc -> {
            assertThat(heredoc.delimiter()).isEqualTo("EOF");
            assertThat(heredoc.line()).isEqualTo(3);
            assertThat(heredoc.body()).isEqualTo("apk add --no-cache curl\ncurl -fsSL https://example.com/install.sh | sh");
        });
        assertThat(run.command()).contains("| sh");
        assertThat(run.endLine()).isEqualTo(5);
        assertThat(dockerfile.finalStage().last("COPY").heredocs().get(0).body()).isEqualTo("key=value");
        assertThat(dockerfile.finalStage().last("USER").line()).isEqualTo(9);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ARG TAG=1.27\\nFROM nginx:${TAG}                         | nginx:1.27",
        "ARG TAG\\nFROM nginx:${TAG:-1.25}                        | nginx:1.25",
        "ARG TAG\\nFROM nginx:$TAG                                | nginx:",
        "ARG REGISTRY=r.example ARG2=x\\nFROM ${REGISTRY}/app:2    | r.example/app:2",
        "ARG V=1\\nFROM app:${V:+v}${V}                            | app:v1",
        "FROM node:20-alpine                                      | node:20-alpine"})
    void fromLinesSubstituteTheGlobalArgumentsDefaults(String text, String image) throws Exception {
        assertThat(DockerfileParser.parse(text.replace("\\n", "\n")).finalStage().image()).isEqualTo(image);
    }

    @Test
    void environmentAndStageArgumentsAreSubstitutedWhereDockerSubstitutesThem() throws Exception {
        Dockerfile dockerfile = DockerfileParser.parse("ARG UID=10001\nFROM alpine:3.20\nARG UID\n"
                + "ENV APP_USER=${UID} HOME=/home/app\nUSER $APP_USER\nRUN echo $HOME\n");

        Dockerfile.Stage stage = dockerfile.finalStage();
        assertThat(stage.last("USER").expanded()).isEqualTo("10001");
        assertThat(stage.last("RUN").expanded()).as("RUN is left to the shell").isEqualTo("echo $HOME");
        assertThat(DockerfileParser.keyValues(stage.last("ENV").expanded(), false))
                .isEqualTo(Map.of("APP_USER", "10001", "HOME", "/home/app"));
        assertThat(DockerfileParser.keyValues("API_KEY abc def", false)).isEqualTo(Map.of("API_KEY", "abc def"));
        assertThat(DockerfileParser.keyValues("A=\"x y\" B", true)).containsEntry("A", "x y").containsEntry("B", null);
    }

    @Test
    void brokenDockerfilesNameTheirLine() {
        assertThatThrownBy(() -> DockerfileParser.parse("# only a comment\n"))
                .hasMessageContaining("no FROM instruction");
        assertThatThrownBy(() -> DockerfileParser.parse("RUN echo hi\nFROM alpine:3\n"))
                .isInstanceOfSatisfying(DockerfileParser.DockerfileException.class,
                        e -> assertThat(e.line()).isEqualTo(1))
                .hasMessageContaining("RUN before the first FROM");
        assertThatThrownBy(() -> DockerfileParser.parse("FROM alpine:3\nRUN <<EOF\necho hi\n"))
                .isInstanceOfSatisfying(DockerfileParser.DockerfileException.class,
                        e -> assertThat(e.line()).isEqualTo(2))
                .hasMessageContaining("here-document <<EOF is not closed");
        assertThatThrownBy(() -> DockerfileParser.parse("# escape=x\nFROM alpine:3\n"))
                .hasMessageContaining("escape directive");
    }
}
