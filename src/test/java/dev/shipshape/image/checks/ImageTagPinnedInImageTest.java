package dev.shipshape.image.checks;

import dev.shipshape.policy.CheckParams;
import dev.shipshape.policy.checks.ImageTagPinnedCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ImageTagPinnedInImageTest {

    private static final String DIGEST = "sha256:" + "a".repeat(64);

    @ParameterizedTest(name = "{0} digest={1}")
    @CsvSource(delimiter = '|', value = {
        "FROM node:20.11-alpine                                             | false | ''",
        "FROM node                                                          | false | 1",
        "FROM node:latest                                                   | false | 1",
        "FROM scratch                                                       | false | ''",
        "ARG V=20\\nFROM node:${V}                                          | false | ''",
        "ARG V\\nFROM node:${V}                                             | false | 2",
        "FROM node:20 AS build\\nFROM build                                 | false | ''",
        "FROM node:20\\nCOPY --from=busybox /bin/sh /sh                      | false | 2",
        "FROM node:20 AS build\\nFROM nginx:1.27\\nCOPY --from=build /a /a   | false | ''",
        "FROM node:20                                                       | true  | 1",
        "FROM node@" + "sha256:AAAA                                          | false | 1"})
    void everyBaseAndCopiedImageIsPinnedAsThePolicyRequires(String dockerfile, boolean requireDigest, String lines) {
        ImageTagPinnedCheck configured = (ImageTagPinnedCheck) new ImageTagPinnedCheck().withParams(
                CheckParams.of(new ImageTagPinnedCheck().descriptor(), Map.of("requireDigest",
                        String.valueOf(requireDigest))));

        assertThat(DockerfileChecking.lines(new ImageTagPinnedInImage(configured), dockerfile)).isEqualTo(lines);
    }

    @Test
    void aDigestSatisfiesRequireDigest() {
        ImageTagPinnedCheck configured = (ImageTagPinnedCheck) new ImageTagPinnedCheck().withParams(
                CheckParams.of(new ImageTagPinnedCheck().descriptor(), Map.of("requireDigest", "true")));

        assertThat(DockerfileChecking.lines(new ImageTagPinnedInImage(configured), "FROM node@" + DIGEST)).isEmpty();
    }
}
