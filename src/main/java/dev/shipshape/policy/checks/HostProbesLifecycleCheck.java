package dev.shipshape.policy.checks;

import dev.shipshape.policy.Category;
import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.ContainerRef;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.FindingSink;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.Workload;
import dev.shipshape.policy.cel.Cel;
import dev.shipshape.policy.cel.CelRule;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.TCPSocketAction;

import java.util.ArrayList;
import java.util.List;

/**
 * Pod Security Standards baseline "Host Probes / Lifecycle Hooks": probes and lifecycle hooks must target the
 * pod itself, so they cannot be aimed at other hosts.
 */
public final class HostProbesLifecycleCheck implements Check {

    private static final CheckDescriptor DESCRIPTOR = CheckDescriptor.builder("host-probes-lifecycle")
            .title("Probe and lifecycle hook hosts")
            .category(Category.HOST_ISOLATION)
            .profile(Profile.BASELINE)
            .severity(Severity.MEDIUM)
            .podSecurityControl("Host Probes / Lifecycle Hooks", 34)
            .fields(ContainerFields.inEveryContainer(
                    "livenessProbe.httpGet.host", "livenessProbe.tcpSocket.host",
                    "readinessProbe.httpGet.host", "readinessProbe.tcpSocket.host",
                    "startupProbe.httpGet.host", "startupProbe.tcpSocket.host",
                    "lifecycle.postStart.httpGet.host", "lifecycle.postStart.tcpSocket.host",
                    "lifecycle.preStop.httpGet.host", "lifecycle.preStop.tcpSocket.host"))
            .why("The kubelet sends probe and hook requests from the node, so a host field lets a pod make the node "
                    + "reach other addresses; medium because it only allows requests, not code execution.")
            .fix("Remove the host field from httpGet and tcpSocket probes and lifecycle hooks.")
            .build();

    private static final FieldPath LIVENESS = FieldPath.of("livenessProbe");
    private static final FieldPath READINESS = FieldPath.of("readinessProbe");
    private static final FieldPath STARTUP = FieldPath.of("startupProbe");
    private static final FieldPath POST_START = FieldPath.of("lifecycle", "postStart");
    private static final FieldPath PRE_STOP = FieldPath.of("lifecycle", "preStop");

    @Override
    public CheckDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void evaluate(Workload workload, FindingSink findings) {
        workload.forEachContainer(container -> {
            Container spec = container.container();
            checkProbe(spec.getLivenessProbe(), LIVENESS, container, findings);
            checkProbe(spec.getReadinessProbe(), READINESS, container, findings);
            checkProbe(spec.getStartupProbe(), STARTUP, container, findings);
            Lifecycle lifecycle = spec.getLifecycle();
            if (lifecycle != null) {
                checkHandler(lifecycle.getPostStart(), POST_START, container, findings);
                checkHandler(lifecycle.getPreStop(), PRE_STOP, container, findings);
            }
        });
    }

    private static void checkProbe(Probe probe, FieldPath at, ContainerRef container, FindingSink findings) {
        if (probe != null) {
            checkActions(probe.getHttpGet(), probe.getTcpSocket(), at, container, findings);
        }
    }

    private static void checkHandler(LifecycleHandler handler, FieldPath at, ContainerRef container,
                                     FindingSink findings) {
        if (handler != null) {
            checkActions(handler.getHttpGet(), handler.getTcpSocket(), at, container, findings);
        }
    }

    private static void checkActions(HTTPGetAction httpGet, TCPSocketAction tcpSocket, FieldPath at,
                                     ContainerRef container, FindingSink findings) {
        if (httpGet != null && isSet(httpGet.getHost())) {
            report(at.field("httpGet").field("host"), httpGet.getHost(), container, findings);
        }
        if (tcpSocket != null && isSet(tcpSocket.getHost())) {
            report(at.field("tcpSocket").field("host"), tcpSocket.getHost(), container, findings);
        }
    }

    private static boolean isSet(String host) {
        return host != null && !host.isEmpty();
    }

    private static void report(FieldPath field, String host, ContainerRef container, FindingSink findings) {
        findings.container(container, field, container.describe() + " must not set " + field + " to \"" + host + "\"");
    }

    @Override
    public CelRule celRule() {
        List<String> hosts = new ArrayList<>();
        for (FieldPath handler : List.of(LIVENESS, READINESS, STARTUP, POST_START, PRE_STOP)) {
            for (String action : List.of("httpGet", "tcpSocket")) {
                hosts.add(Cel.whenSet(Cel.CONTAINER, handler.field(action).field("host"), host -> host + " != ''"));
            }
        }
        return CelRule.containers(Cel.anyOf(hosts.toArray(String[]::new)),
                "must not set the host of a probe or lifecycle handler");
    }
}
