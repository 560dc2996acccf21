package dev.shipshape.policy.checks;

class ReadinessProbeCheckTest extends ProbeRequiredCheckTest {

    ReadinessProbeCheckTest() {
        super(new ReadinessProbeCheck(), "readinessProbe", "readinessProbe: {httpGet: {path: /ready, port: 8080}}",
                "livenessProbe");
    }
}
