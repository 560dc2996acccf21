package dev.shipshape.policy.checks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.shipshape.policy.checks.CheckFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class HostProbesLifecycleCheckTest {

    private final HostProbesLifecycleCheck check = new HostProbesLifecycleCheck();

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("no probes or hooks", "containers: [{name: app, image: a:1}]", List.of()),
                arguments("probes and hooks without host", onApp(
                        "livenessProbe: {httpGet: {path: /healthz, port: 8080}}, "
                                + "readinessProbe: {tcpSocket: {port: 8080}}, "
                                + "startupProbe: {exec: {command: [true]}}, "
                                + "lifecycle: {postStart: {exec: {command: [true]}}, preStop: {httpGet: {path: /stop, port: 8080}}}"),
                        List.of()),
                arguments("empty host", onApp("livenessProbe: {httpGet: {host: '', port: 80}, tcpSocket: {host: '', port: 80}}"),
                        List.of()),
                arguments("grpc and sleep have no host", onApp(
                        "readinessProbe: {grpc: {port: 9000}}, lifecycle: {preStop: {sleep: {seconds: 5}}}"), List.of()),
                arguments("liveness httpGet", onApp("livenessProbe: {httpGet: {host: 10.0.0.1, port: 80}}"),
                        List.of("spec.containers[0].livenessProbe.httpGet.host")),
                arguments("liveness tcpSocket", onApp("livenessProbe: {tcpSocket: {host: 10.0.0.1, port: 80}}"),
                        List.of("spec.containers[0].livenessProbe.tcpSocket.host")),
                arguments("readiness httpGet", onApp("readinessProbe: {httpGet: {host: example.com, port: 80}}"),
                        List.of("spec.containers[0].readinessProbe.httpGet.host")),
                arguments("readiness tcpSocket", onApp("readinessProbe: {tcpSocket: {host: example.com, port: 80}}"),
                        List.of("spec.containers[0].readinessProbe.tcpSocket.host")),
                arguments("startup httpGet", onApp("startupProbe: {httpGet: {host: localhost, port: 80}}"),
                        List.of("spec.containers[0].startupProbe.httpGet.host")),
                arguments("startup tcpSocket", onApp("startupProbe: {tcpSocket: {host: localhost, port: 80}}"),
                        List.of("spec.containers[0].startupProbe.tcpSocket.host")),
                arguments("postStart httpGet", onApp("lifecycle: {postStart: {httpGet: {host: 169.254.169.254, port: 80}}}"),
                        List.of("spec.containers[0].lifecycle.postStart.httpGet.host")),
                arguments("postStart tcpSocket", onApp("lifecycle: {postStart: {tcpSocket: {host: db, port: 5432}}}"),
                        List.of("spec.containers[0].lifecycle.postStart.tcpSocket.host")),
                arguments("preStop httpGet", onApp("lifecycle: {preStop: {httpGet: {host: lb.example.com, port: 80}}}"),
                        List.of("spec.containers[0].lifecycle.preStop.httpGet.host")),
                arguments("preStop tcpSocket", onApp("lifecycle: {preStop: {tcpSocket: {host: db, port: 5432}}}"),
                        List.of("spec.containers[0].lifecycle.preStop.tcpSocket.host")),
                arguments("httpGet and tcpSocket of one probe",
                        onApp("livenessProbe: {httpGet: {host: a, port: 80}, tcpSocket: {host: b, port: 80}}"),
                        List.of("spec.containers[0].livenessProbe.httpGet.host",
                                "spec.containers[0].livenessProbe.tcpSocket.host")),
                arguments("init and ephemeral containers",
                        "initContainers: [{name: sidecar, image: a:1, restartPolicy: Always,"
                                + " readinessProbe: {httpGet: {host: 10.0.0.2, port: 80}}}]\n"
                                + "containers: [{name: app, image: a:1}]\n"
                                + "ephemeralContainers: [{name: e, image: a:1, lifecycle: {preStop: {tcpSocket: {host: x, port: 1}}}}]",
                        List.of("spec.initContainers[0].readinessProbe.httpGet.host",
                                "spec.ephemeralContainers[0].lifecycle.preStop.tcpSocket.host")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsProbeAndHookHosts(String name, String podSpec, List<String> expectedPaths) {
        assertThat(CheckFixtures.paths(check, pod(podSpec))).isEqualTo(expectedPaths);
    }

    @Test
    void messageNamesContainerFieldAndHost() {
        String podSpec = onApp("lifecycle: {postStart: {httpGet: {host: 169.254.169.254, port: 80}}}");
        assertThat(CheckFixtures.messages(check, pod(podSpec))).containsExactly(
                "container \"app\" must not set lifecycle.postStart.httpGet.host to \"169.254.169.254\"");
    }

    private static String onApp(String containerFields) {
        return "containers: [{name: app, image: a:1, " + containerFields + "}]";
    }
}
