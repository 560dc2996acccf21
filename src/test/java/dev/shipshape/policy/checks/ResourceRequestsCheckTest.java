package dev.shipshape.policy.checks;

import dev.shipshape.policy.CheckParam;
import dev.shipshape.policy.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

import java.util.List;
import java.util.stream.Stream;

import static dev.shipshape.policy.checks.CheckFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ResourceRequestsCheckTest extends ResourceAmountsCheckTest {

    private static final String APP_CPU = "spec.containers[0].resources.requests.cpu";
    private static final String APP_MEMORY = "spec.containers[0].resources.requests.memory";

    ResourceRequestsCheckTest() {
        super(new ResourceRequestsCheck(), "requests");
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("no resources", "cpu,memory", "containers: [{name: app, image: a:1}]",
                        List.of(APP_CPU, APP_MEMORY)),
                arguments("empty requests", "cpu,memory",
                        "containers: [{name: app, image: a:1, resources: {requests: {}}}]", List.of(APP_CPU, APP_MEMORY)),
                arguments("both requested", "cpu,memory",
                        "containers: [{name: app, image: a:1, resources: {requests: {cpu: 100m, memory: 128Mi}}}]",
                        List.of()),
                arguments("memory missing", "cpu,memory",
                        "containers: [{name: app, image: a:1, resources: {requests: {cpu: 250m}}}]", List.of(APP_MEMORY)),
                arguments("limits imply requests", "cpu,memory",
                        "containers: [{name: app, image: a:1, resources: {limits: {cpu: '1', memory: 1Gi}}}]", List.of()),
                arguments("memory limit only", "cpu,memory",
                        "containers: [{name: app, image: a:1, resources: {limits: {memory: 1Gi}}}]", List.of(APP_CPU)),
                arguments("init container without requests", "cpu,memory",
                        "initContainers: [{name: init, image: a:1}]\n"
                                + "containers: [{name: app, image: a:1, resources: {requests: {cpu: 100m, memory: 64Mi}}}]",
                        List.of("spec.initContainers[0].resources.requests.cpu",
                                "spec.initContainers[0].resources.requests.memory")),
                arguments("ephemeral containers are skipped", "cpu,memory",
                        "containers: [{name: app, image: a:1, resources: {requests: {cpu: 100m, memory: 64Mi}}}]\n"
                                + "ephemeralContainers: [{name: debug, image: busybox:1.36}]",
                        List.of()),
                arguments("memory only", "memory", "containers: [{name: app, image: a:1, resources: {requests: {cpu: 1}}}]",
                        List.of(APP_MEMORY)),
                arguments("ephemeral storage required", "cpu, memory, ephemeral-storage",
                        "containers: [{name: app, image: a:1, resources: {requests: {cpu: 100m, memory: 64Mi}}}]",
                        List.of("spec.containers[0].resources.requests.ephemeral-storage")),
                arguments("extended resources do not count", "cpu",
                        "containers: [{name: app, image: a:1, resources: {requests: {nvidia.com/gpu: 1}}}]",
                        List.of(APP_CPU)),
                arguments("pod-level requests cover every container", "cpu,memory",
                        "resources: {requests: {cpu: '1', memory: 1Gi}}\n"
                                + "initContainers: [{name: init, image: a:1}]\n"
                                + "containers: [{name: app, image: a:1}, {name: proxy, image: p:1}]",
                        List.of()),
                arguments("pod-level limits imply pod-level requests", "cpu,memory",
                        "resources: {limits: {cpu: '1', memory: 1Gi}}\ncontainers: [{name: app, image: a:1}]",
                        List.of()),
                arguments("pod-level cpu request only", "cpu,memory",
                        "resources: {requests: {cpu: '1'}}\ncontainers: [{name: app, image: a:1}]", List.of(APP_MEMORY)),
                arguments("ephemeral storage cannot be requested at pod level", "cpu,ephemeral-storage",
                        "resources: {requests: {cpu: '1', ephemeral-storage: 1Gi}}\n"
                                + "containers: [{name: app, image: a:1}]",
                        List.of("spec.containers[0].resources.requests.ephemeral-storage")));
    }

    @Test
    void batchPodsAreChecked() {
        Workload job = CheckFixtures.workload("apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\n"
                + "spec:\n  template:\n    spec:\n      restartPolicy: Never\n"
                + "      containers: [{name: task, image: a:1}]\n");
        assertThat(CheckFixtures.paths(check, job)).containsExactly("spec.template.spec.containers[0].resources.requests.cpu",
                "spec.template.spec.containers[0].resources.requests.memory");
    }

    @Test
    void messagesNameContainerAndField() {
        assertThat(CheckFixtures.messages(check, pod("initContainers: [{name: setup, image: a:1, "
                + "resources: {requests: {cpu: 10m}}}]"))).containsExactly(
                "init container \"setup\" must set resources.requests.memory");
    }

    @Test
    void resourcesParamAcceptsOnlyKnownResources() {
        CheckParam param = check.descriptor().param("resources").orElseThrow();
        assertThat(param.defaultValue()).isEqualTo("cpu,memory");
        assertThat(param.validate("memory")).isEmpty();
        assertThat(param.validate("cpu,memory,ephemeral-storage")).isEmpty();
        assertThat(param.validate("gpu")).hasValueSatisfying(error -> assertThat(error).contains("gpu"));
        assertThat(param.validate("")).isPresent();
    }
}
