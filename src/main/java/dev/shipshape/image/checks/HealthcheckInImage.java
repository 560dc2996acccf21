package dev.shipshape.image.checks;

import dev.shipshape.image.Dockerfile;
import dev.shipshape.image.DockerfileCheck;
import dev.shipshape.image.DockerfileFindings;
import dev.shipshape.image.DockerfileInput;
import dev.shipshape.policy.checks.LivenessProbeCheck;

/**
 * liveness-probe for images: the final image declares a {@code HEALTHCHECK} (not {@code NONE}), so Docker and Compose
 * restart it when it hangs. Images that only run under Kubernetes, whose probes replace it, are left alone with the
 * policy's liveness-probe parameter {@code dockerfileHealthcheck: "false"}.
 */
public final class HealthcheckInImage extends CatalogueCheckInImage<LivenessProbeCheck> {


    /** @param configured the pod check as the policy configures it */
    public HealthcheckInImage(LivenessProbeCheck configured) {
        super(configured);
    }

    @Override
    public String fix() {
        return "Add HEALTHCHECK CMD with a cheap request to the service (e.g. HEALTHCHECK CMD wget -qO- "
                + "http://localhost:8080/healthz || exit 1).";
    }

    @Override
    public void evaluate(DockerfileInput input, DockerfileFindings findings) {
        if (!configured.dockerfileHealthcheck()) {
            return;
        }
        Dockerfile dockerfile = input.dockerfile();
        for (Dockerfile.Stage stage : DockerfileCheck.finalImageStages(dockerfile)) {
            Dockerfile.Instruction healthcheck = stage.last("HEALTHCHECK");
            if (healthcheck != null) {
                if (healthcheck.arguments().strip().equalsIgnoreCase("NONE")) {
                    findings.at(healthcheck, "HEALTHCHECK NONE turns the health check off; declare one with "
                            + "HEALTHCHECK CMD");
                }
                return;
            }
        }
        findings.at(dockerfile.finalStage().from(), "the final stage declares no HEALTHCHECK, so nothing restarts "
                + "the container when it hangs");
    }
}
