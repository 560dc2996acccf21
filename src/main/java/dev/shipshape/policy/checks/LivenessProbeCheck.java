package dev.shipshape.policy.checks;

import dev.shipshape.policy.Category;
import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckParam;
import dev.shipshape.policy.CheckParams;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Severity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;

/** Regular containers of long-running pods must define a liveness probe. */
public final class LivenessProbeCheck extends ProbeRequiredCheck {

    private static final String DOCKERFILE_HEALTHCHECK = "dockerfileHealthcheck";

    private static final CheckDescriptor DESCRIPTOR = CheckDescriptor.builder("liveness-probe")
            .title("Liveness probe")
            .category(Category.RELIABILITY)
            .profile(Profile.HARDENED)
            .severity(Severity.LOW)
            .fields("spec.containers[*].livenessProbe", "spec.restartPolicy")
            .why("Without a liveness probe a deadlocked or hung process keeps its pod running and never gets "
                    + "restarted; an availability concern, hence low. Job and CronJob pods and bare Pods with "
                    + "restartPolicy Never or OnFailure are not checked.")
            .fix("Define livenessProbe (httpGet, tcpSocket, grpc or exec) on every regular container.")
            .param(CheckParam.bool(DOCKERFILE_HEALTHCHECK, "When false, Dockerfiles need no HEALTHCHECK: for images "
                    + "that only ever run under Kubernetes, whose probes replace it. Pods are checked either way.",
                    true))
            .build();

    private final boolean dockerfileHealthcheck;

    public LivenessProbeCheck() {
        this(true);
    }

    private LivenessProbeCheck(boolean dockerfileHealthcheck) {
        super("livenessProbe");
        this.dockerfileHealthcheck = dockerfileHealthcheck;
    }

    @Override
    public Check withParams(CheckParams params) {
        return new LivenessProbeCheck(params.bool(DOCKERFILE_HEALTHCHECK));
    }

    /** Whether Dockerfiles must declare a HEALTHCHECK. */
    public boolean dockerfileHealthcheck() {
        return dockerfileHealthcheck;
    }

    @Override
    public CheckDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    Probe probe(Container container) {
        return container.getLivenessProbe();
    }
}
