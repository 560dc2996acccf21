package dev.shipshape.cluster;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Whether the API server serves ValidatingAdmissionPolicies and their bindings ({@code admissionregistration.k8s.io/v1},
 * Kubernetes 1.30+), asked by discovery when first needed and again by {@link #rediscover}; listeners hear of a change.
 */
@ApplicationScoped
public class AdmissionPolicySupport {

    static final String API_VERSION = "admissionregistration.k8s.io/v1";
    static final Set<String> RESOURCES = Set.of("validatingadmissionpolicies", "validatingadmissionpolicybindings");

    private final KubernetesClient client;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile Boolean served;

    public AdmissionPolicySupport(KubernetesClient client) {
        this.client = client;
    }

    /** Whether generated admission policies can be written, as last discovered. */
    public boolean served() {
        Boolean known = served;
        if (known == null) {
            known = discover();
            served = known;
        }
        return known;
    }

    /** Asks the API server again; tells the listeners when the answer changed. */
    public void rediscover() {
        boolean now = discover();
        Boolean before = served;
        served = now;
        if (before != null && before != now) {
            listeners.forEach(Runnable::run);
        }
    }

    /** Called after {@link #served} changed. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private boolean discover() {
        try {
            APIResourceList resources = client.getApiResources(API_VERSION);
            return resources != null && resources.getResources().stream().map(resource -> resource.getName())
                    .collect(Collectors.toSet()).containsAll(RESOURCES);
        } catch (KubernetesClientException e) {
            return false;
        }
    }
}
