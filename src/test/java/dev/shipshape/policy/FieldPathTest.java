package dev.shipshape.policy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FieldPathTest {

    @Test
    void rendersDottedPathWithIndexes() {
        FieldPath path = FieldPath.of("spec", "template", "spec").field("containers").index(2).field("securityContext");
        assertThat(path).hasToString("spec.template.spec.containers[2].securityContext");
        assertThat(path.toJsonPointer()).isEqualTo("/spec/template/spec/containers/2/securityContext");
    }

    @Test
    void quotesKeysWithDotsAndEscapesPointers() {
        FieldPath path = FieldPath.of("metadata", "annotations", "container.apparmor.security.beta.kubernetes.io/app");
        assertThat(path).hasToString("metadata.annotations['container.apparmor.security.beta.kubernetes.io/app']");
        assertThat(path.toJsonPointer())
                .isEqualTo("/metadata/annotations/container.apparmor.security.beta.kubernetes.io~1app");
        assertThat(FieldPath.of("a~b").toJsonPointer()).isEqualTo("/a~0b");
    }

    @Test
    void resolvesRelativePaths() {
        FieldPath container = FieldPath.ROOT.field("containers").index(0);
        FieldPath resolved = FieldPath.of("spec").resolve(container).resolve(FieldPath.of("image"));
        assertThat(resolved.segments()).isEqualTo(List.of("spec", "containers", 0, "image"));
        assertThat(resolved.parent()).isEqualTo(FieldPath.of("spec", "containers").index(0));
        assertThat(FieldPath.ROOT.isRoot()).isTrue();
        assertThat(FieldPath.ROOT).hasToString("");
    }

    @Test
    void pathsAreEqualWhenEverySegmentIs() {
        FieldPath containers = FieldPath.of("spec", "containers");
        FieldPath first = containers.index(0).field("image");
        assertThat(first).isEqualTo(FieldPath.of("spec").field("containers").index(0).field("image"))
                .hasSameHashCodeAs(FieldPath.of("spec").field("containers").index(0).field("image"));
        assertThat(first).isNotEqualTo(containers.index(1).field("image"))
                .isNotEqualTo(containers.field("0").field("image"))
                .isNotEqualTo(containers.index(0))
                .isNotEqualTo(FieldPath.of("status", "containers").index(0).field("image"))
                .isNotEqualTo(first.field("tag"));
        assertThat(FieldPath.ROOT).isEqualTo(FieldPath.of()).isNotEqualTo(FieldPath.of("spec"));
    }
}
