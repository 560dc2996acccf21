package dev.shipshape.policy.checks;

class LivenessProbeCheckTest extends ProbeRequiredCheckTest {

    LivenessProbeCheckTest() {
        super(new LivenessProbeCheck(), "livenessProbe", "livenessProbe: {httpGet: {path: /healthz, port: 8080}}",
                "readinessProbe");
    }
}
