package dev.shipshape.policy.checks;

import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckParams;
import dev.shipshape.policy.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.shipshape.policy.checks.CheckFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ImageTagPinnedCheckTest {

    private static final String DIGEST = "sha256:0f5d2a1c8e1b3a9f7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170a";

    private final ImageTagPinnedCheck check = new ImageTagPinnedCheck();

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("no tag", "nginx", false, true),
                arguments("latest tag", "nginx:latest", false, true),
                arguments("version tag", "nginx:1.27.0", false, false),
                arguments("namespaced repository with tag", "library/nginx:1.27", false, false),
                arguments("registry with tag", "docker.io/library/nginx:1.27", false, false),
                arguments("registry with latest tag", "ghcr.io/example/app:latest", false, true),
                arguments("registry port without tag", "localhost:5000/app", false, true),
                arguments("registry port with tag", "localhost:5000/app:1.0", false, false),
                arguments("registry port with latest tag", "registry.example.com:443/team/app:latest", false, true),
                arguments("ipv6 registry without tag", "[::1]:5000/app", false, true),
                arguments("ipv6 registry with tag", "[::1]:5000/app:2", false, false),
                arguments("tag starting with latest", "app:latest-alpine", false, false),
                arguments("empty tag", "nginx:", false, true),
                arguments("digest", "nginx@" + DIGEST, false, false),
                arguments("latest tag pinned by digest", "nginx:latest@" + DIGEST, false, false),
                arguments("registry port and digest", "localhost:5000/app@" + DIGEST, false, false),
                arguments("malformed digest", "nginx@sha256", false, true),
                arguments("short sha256 digest", "nginx@sha256:abc", false, true),
                arguments("sha256 digest one digit short", "nginx@" + DIGEST.substring(0, DIGEST.length() - 1), false,
                        true),
                arguments("sha256 digest one digit long", "nginx@" + DIGEST + "0", false, true),
                arguments("upper-case sha256 digest", "nginx@" + DIGEST.toUpperCase(java.util.Locale.ROOT)
                        .replace("SHA256", "sha256"), false, true),
                arguments("sha512 digest of 32 hex digits", "nginx@sha512:" + "ab".repeat(16), false, true),
                arguments("sha512 digest", "nginx@sha512:" + "ab".repeat(64), false, false),
                arguments("blake3 digest", "nginx@blake3:" + "cd".repeat(32), false, false),
                arguments("unregistered algorithm", "nginx@md5:" + "ab".repeat(16), false, true),
                arguments("malformed digest even when a digest is required", "nginx@sha256:abc", true, true),
                arguments("malformed digest behind a version tag", "nginx:1.27.0@sha256:abc", false, true),
                arguments("empty image", "", false, true),
                arguments("missing image", null, false, true),
                arguments("digest required, version tag", "nginx:1.27.0", true, true),
                arguments("digest required, digest", "nginx@" + DIGEST, true, false),
                arguments("digest required, tag and digest", "nginx:1.27.0@" + DIGEST, true, false),
                arguments("digest required, missing image", null, true, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsUnpinnedImages(String name, String image, boolean requireDigest, boolean violates) {
        Check configured = check.withParams(
                CheckParams.of(check.descriptor(), Map.of("requireDigest", Boolean.toString(requireDigest))));
        Workload workload = pod("containers: [{name: app" + (image == null ? "" : ", image: '" + image + "'") + "}]");
        assertThat(CheckFixtures.paths(configured, workload))
                .isEqualTo(violates ? List.of("spec.containers[0].image") : List.of());
    }

    @Test
    void checksEveryKindOfContainer() {
        Workload workload = pod("initContainers: [{name: init, image: busybox}]\n"
                + "containers: [{name: app, image: 'app:1.0'}]\n"
                + "ephemeralContainers: [{name: debug, image: 'busybox:latest'}]");
        assertThat(CheckFixtures.paths(check, workload))
                .containsExactly("spec.initContainers[0].image", "spec.ephemeralContainers[0].image");
    }

    @Test
    void messagesNameContainerImageAndProblem() {
        Workload workload = pod("initContainers: [{name: init, image: busybox}]\n"
                + "containers: [{name: app, image: 'app:latest'}, {name: empty, image: ''}]");
        assertThat(CheckFixtures.messages(check, workload)).containsExactly(
                "init container \"init\" image \"busybox\" has no tag, so it runs whatever latest is; "
                        + "pin a version tag or digest",
                "container \"app\" image \"app:latest\" uses the latest tag; pin a version tag or digest",
                "container \"empty\" must set an image pinned to a version tag or digest");

        Check digestRequired = check.withParams(CheckParams.of(check.descriptor(), Map.of("requireDigest", "true")));
        assertThat(CheckFixtures.messages(digestRequired, pod("containers: [{name: app, image: 'app:1.0'}]")))
                .containsExactly("container \"app\" image \"app:1.0\" must be pinned by digest (image@sha256:...)");
    }

    @Test
    void requireDigestDefaultsToFalse() {
        assertThat(check.descriptor().param("requireDigest").orElseThrow().defaultValue()).isEqualTo("false");
        assertThat(check.descriptor().param("requireDigest").orElseThrow().validate("yes")).isPresent();
    }

    @Test
    void hasNoRemediation() {
        assertThat(check.descriptor().remediable()).isFalse();
    }
}
