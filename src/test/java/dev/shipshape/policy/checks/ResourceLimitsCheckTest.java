package dev.shipshape.policy.checks;

import dev.shipshape.policy.CheckParam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

import java.util.List;
import java.util.stream.Stream;

import static dev.shipshape.policy.checks.CheckFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ResourceLimitsCheckTest extends ResourceAmountsCheckTest {

    private static final String APP_CPU = "spec.containers[0].resources.limits.cpu";
    private static final String APP_MEMORY = "spec.containers[0].resources.limits.memory";

    ResourceLimitsCheckTest() {
        super(new ResourceLimitsCheck(), "limits");
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("no resources", "cpu,memory", "containers: [{name: app, image: a:1}]",
                        List.of(APP_CPU, APP_MEMORY)),
                arguments("both limited", "cpu,memory",
                        "containers: [{name: app, image: a:1, resources: {limits: {cpu: 500m, memory: 256Mi}}}]",
                        List.of()),
                arguments("requests do not imply limits", "cpu,memory",
                        "containers: [{name: app, image: a:1, resources: {requests: {cpu: 500m, memory: 256Mi}}}]",
                        List.of(APP_CPU, APP_MEMORY)),
                arguments("cpu missing", "cpu,memory",
                        "containers: [{name: app, image: a:1, resources: {limits: {memory: 256Mi}}}]", List.of(APP_CPU)),
                arguments("memory only policy", "memory",
                        "containers: [{name: app, image: a:1, resources: {limits: {memory: 256Mi}}}]", List.of()),
                arguments("memory only policy, nothing set", "memory", "containers: [{name: app, image: a:1}]",
                        List.of(APP_MEMORY)),
                arguments("ephemeral storage required", "memory,ephemeral-storage",
                        "containers: [{name: app, image: a:1, resources: {limits: {memory: 256Mi}}}]",
                        List.of("spec.containers[0].resources.limits.ephemeral-storage")),
                arguments("init container without limits", "memory",
                        "initContainers: [{name: init, image: a:1}]\n"
                                + "containers: [{name: app, image: a:1, resources: {limits: {memory: 64Mi}}}]",
                        List.of("spec.initContainers[0].resources.limits.memory")),
                arguments("second container without limits", "memory",
                        "containers:\n"
                                + "- {name: a, image: a:1, resources: {limits: {memory: 64Mi}}}\n"
                                + "- {name: b, image: b:1}",
                        List.of("spec.containers[1].resources.limits.memory")),
                arguments("ephemeral containers are skipped", "memory",
                        "containers: [{name: app, image: a:1, resources: {limits: {memory: 64Mi}}}]\n"
                                + "ephemeralContainers: [{name: debug, image: busybox:1.36}]",
                        List.of()),
                arguments("pod-level limits cover every container", "cpu,memory",
                        "resources: {limits: {cpu: '1', memory: 1Gi}}\n"
                                + "initContainers: [{name: init, image: a:1}]\n"
                                + "containers: [{name: app, image: a:1}, {name: proxy, image: p:1}]",
                        List.of()),
                arguments("pod-level memory limit, cpu from nowhere", "cpu,memory",
                        "resources: {limits: {memory: 1Gi}}\ncontainers: [{name: app, image: a:1}]", List.of(APP_CPU)),
                arguments("pod-level memory limit beside a container cpu limit", "cpu,memory",
                        "resources: {limits: {memory: 1Gi}}\n"
                                + "containers: [{name: app, image: a:1, resources: {limits: {cpu: 500m}}}]", List.of()),
                arguments("pod-level requests do not imply limits", "cpu,memory",
                        "resources: {requests: {cpu: '1', memory: 1Gi}}\ncontainers: [{name: app, image: a:1}]",
                        List.of(APP_CPU, APP_MEMORY)),
                arguments("ephemeral storage cannot be limited at pod level", "memory,ephemeral-storage",
                        "resources: {limits: {memory: 1Gi, ephemeral-storage: 1Gi}}\n"
                                + "containers: [{name: app, image: a:1}]",
                        List.of("spec.containers[0].resources.limits.ephemeral-storage")));
    }

    @Test
    void messagesNameContainerAndField() {
        assertThat(CheckFixtures.messages(check, pod("containers: [{name: app, image: a:1, "
                + "resources: {limits: {memory: 1Gi}}}]"))).containsExactly(
                "container \"app\" must set resources.limits.cpu");
    }

    @Test
    void resourcesParamSuggestsMemoryOnly() {
        CheckParam param = check.descriptor().param("resources").orElseThrow();
        assertThat(param.defaultValue()).isEqualTo("cpu,memory");
        assertThat(param.description()).contains("memory");
        assertThat(param.validate("memory")).isEmpty();
        assertThat(param.validate("memory,storage")).hasValueSatisfying(error -> assertThat(error).contains("storage"));
    }
}
