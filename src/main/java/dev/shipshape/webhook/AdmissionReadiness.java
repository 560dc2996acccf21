package dev.shipshape.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the admission server serves, so that a Service sends reviews to replicas that can answer them:
 * a new replica joins once it has its certificate, policies and namespaces.
 */
@Readiness
@ApplicationScoped
public class AdmissionReadiness implements HealthCheck {

    private final AdmissionServer server;

    public AdmissionReadiness(AdmissionServer server) {
        this.server = server;
    }

    @Override
    public HealthCheckResponse call() {
        int port = server.port();
        return HealthCheckResponse.named("admission").status(port > 0).withData("port", port).build();
    }
}
