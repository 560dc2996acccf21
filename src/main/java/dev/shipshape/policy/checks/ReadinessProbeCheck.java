package dev.shipshape.policy.checks;

import dev.shipshape.policy.Category;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Severity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;

/** Regular containers of long-running pods must define a readiness probe. */
public final class ReadinessProbeCheck extends ProbeRequiredCheck {

    private static final CheckDescriptor DESCRIPTOR = CheckDescriptor.builder("readiness-probe")
            .title("Readiness probe")
            .category(Category.RELIABILITY)
            .profile(Profile.HARDENED)
            .severity(Severity.LOW)
            .fields("spec.containers[*].readinessProbe", "spec.restartPolicy")
            .why("Without a readiness probe a pod receives traffic before it can serve it and keeps receiving it "
                    + "while overloaded, failing requests during rollouts; an availability concern, hence low. "
                    + "Job and CronJob pods and bare Pods with restartPolicy Never or OnFailure are not checked.")
            .fix("Define readinessProbe (httpGet, tcpSocket, grpc or exec) on every regular container.")
            .build();

    public ReadinessProbeCheck() {
        super("readinessProbe");
    }

    @Override
    public CheckDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    Probe probe(Container container) {
        return container.getReadinessProbe();
    }
}
