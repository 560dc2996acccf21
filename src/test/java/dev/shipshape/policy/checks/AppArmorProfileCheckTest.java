package dev.shipshape.policy.checks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class AppArmorProfileCheckTest {

    private static final String ANNOTATION = "container.apparmor.security.beta.kubernetes.io/";

    private final AppArmorProfileCheck check = new AppArmorProfileCheck();

    static Stream<Arguments> fieldCases() {
        return Stream.of(
                arguments("nothing set", "containers: [{name: app, image: a:1}]", List.of()),
                arguments("RuntimeDefault and Localhost",
                        "securityContext: {appArmorProfile: {type: RuntimeDefault}}\n"
                                + "containers: [{name: app, image: a:1, securityContext:"
                                + " {appArmorProfile: {type: Localhost, localhostProfile: k8s-nginx}}}]",
                        List.of()),
                arguments("pod Unconfined",
                        "securityContext: {appArmorProfile: {type: Unconfined}}\ncontainers: [{name: app, image: a:1}]",
                        List.of("spec.securityContext.appArmorProfile.type")),
                arguments("container Unconfined",
                        "containers: [{name: app, image: a:1, securityContext: {appArmorProfile: {type: Unconfined}}}]",
                        List.of("spec.containers[0].securityContext.appArmorProfile.type")),
                arguments("profile without a type",
                        "containers: [{name: app, image: a:1, securityContext: {appArmorProfile: {localhostProfile: p}}}]",
                        List.of("spec.containers[0].securityContext.appArmorProfile.type")),
                arguments("unknown type", "securityContext: {appArmorProfile: {type: runtime/default}}\n"
                                + "containers: [{name: app, image: a:1}]",
                        List.of("spec.securityContext.appArmorProfile.type")),
                arguments("container cannot widen a good pod profile",
                        "securityContext: {appArmorProfile: {type: RuntimeDefault}}\n"
                                + "containers: [{name: app, image: a:1, securityContext: {appArmorProfile: {type: Unconfined}}}]",
                        List.of("spec.containers[0].securityContext.appArmorProfile.type")),
                arguments("init and ephemeral containers",
                        "initContainers: [{name: i, image: a:1, securityContext: {appArmorProfile: {type: Unconfined}}}]\n"
                                + "containers: [{name: app, image: a:1}]\n"
                                + "ephemeralContainers: [{name: e, image: a:1, securityContext: {appArmorProfile: {type: Unconfined}}}]",
                        List.of("spec.initContainers[0].securityContext.appArmorProfile.type",
                                "spec.ephemeralContainers[0].securityContext.appArmorProfile.type")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fieldCases")
    void reportsForbiddenProfileTypes(String name, String podSpec, List<String> expectedPaths) {
        assertThat(CheckFixtures.paths(check, CheckFixtures.workload(pod("", podSpec)))).isEqualTo(expectedPaths);
    }

    static Stream<Arguments> annotationCases() {
        return Stream.of(
                arguments("runtime/default", "{'" + ANNOTATION + "app': runtime/default}", List.of()),
                arguments("localhost profile", "{'" + ANNOTATION + "app': localhost/k8s-nginx}", List.of()),
                arguments("empty value", "{'" + ANNOTATION + "app': ''}", List.of()),
                arguments("other annotations", "{'seccomp.security.alpha.kubernetes.io/pod': unconfined, team: shop}",
                        List.of()),
                arguments("unconfined", "{'" + ANNOTATION + "app': unconfined}",
                        List.of("metadata.annotations['" + ANNOTATION + "app']")),
                arguments("the RuntimeDefault field value is not an annotation value",
                        "{'" + ANNOTATION + "app': RuntimeDefault}",
                        List.of("metadata.annotations['" + ANNOTATION + "app']")),
                arguments("any container name, even unknown ones",
                        "{'" + ANNOTATION + "app': runtime/default, '" + ANNOTATION + "gone': unconfined}",
                        List.of("metadata.annotations['" + ANNOTATION + "gone']")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("annotationCases")
    void reportsForbiddenAnnotations(String name, String annotations, List<String> expectedPaths) {
        String manifest = pod("annotations: " + annotations, "containers: [{name: app, image: a:1}]");
        assertThat(CheckFixtures.paths(check, CheckFixtures.workload(manifest))).isEqualTo(expectedPaths);
    }

    @Test
    void annotationsAreReadFromThePodTemplate() {
        String deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  annotations: {'container.apparmor.security.beta.kubernetes.io/web': unconfined}
                spec:
                  template:
                    metadata:
                      annotations: {'container.apparmor.security.beta.kubernetes.io/web': unconfined}
                    spec:
                      containers: [{name: web, image: a:1}]
                """;
        assertThat(CheckFixtures.paths(check, CheckFixtures.workload(deployment)))
                .containsExactly("spec.template.metadata.annotations['" + ANNOTATION + "web']");
    }

    @Test
    void messagesNameSetterAndValue() {
        String manifest = pod("annotations: {'" + ANNOTATION + "app': unconfined}",
                "securityContext: {appArmorProfile: {type: Unconfined}}\n"
                        + "containers: [{name: app, image: a:1, securityContext: {appArmorProfile: {type: Unconfined}}}]");
        assertThat(CheckFixtures.messages(check, CheckFixtures.workload(manifest))).containsExactly(
                "pod must not set securityContext.appArmorProfile.type to \"Unconfined\"",
                "container \"app\" must not set securityContext.appArmorProfile.type to \"Unconfined\"",
                "pod must not set annotation " + ANNOTATION + "app to \"unconfined\"");
    }

    private static String pod(String metadataFields, String podSpec) {
        return "apiVersion: v1\nkind: Pod\nmetadata:\n" + ("name: p\n" + metadataFields).indent(2)
                + "spec:\n" + podSpec.indent(2);
    }
}
