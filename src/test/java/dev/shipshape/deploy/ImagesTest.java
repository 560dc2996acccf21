package dev.shipshape.deploy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** What can be checked of the images without a container engine: how their Dockerfiles are written. */
class ImagesTest {

    private static final Pattern FROM = Pattern.compile("^FROM (\\S+)(?: AS (\\S+))?$", Pattern.MULTILINE);

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.jvm", "Dockerfile.native"})
    void multiStagePinnedNonRootWithLabels(String file) throws IOException {
        String dockerfile = Files.readString(Path.of("src", "main", "docker", file));
        Matcher from = FROM.matcher(dockerfile);
        List<String> images = from.results().map(match -> match.group(1)).toList();

        assertThat(images).as("a build stage and a runtime stage").hasSize(2);
        assertThat(images).allSatisfy(image -> assertThat(image).matches(".+:[^:/]+")
                .doesNotEndWith(":latest"));
        assertThat(images.get(0)).isNotEqualTo(images.get(1));
        String runtime = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
        assertThat(runtime).contains("USER 1001:1001").doesNotContain("RUN ")
                .contains("org.opencontainers.image.title", "org.opencontainers.image.version")
                .contains("COPY --from=build --chown=0:0");
        assertThat(runtime.indexOf("USER 1001:1001")).isGreaterThan(runtime.lastIndexOf("COPY "));
        assertThat(runtime).contains("/tmp");
    }

    @ParameterizedTest
    @ValueSource(strings = {"src/test/", "target/", ".git/", "docs/"})
    void theBuildContextLeavesOut(String path) throws IOException {
        List<String> rules = Files.readAllLines(Path.of(".dockerignore")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        assertThat(rules.get(0)).as("everything is excluded first").isEqualTo("*");
        assertThat(rules).noneMatch(rule -> rule.startsWith("!") && path.startsWith(rule.substring(1)));
    }
}
