package dev.shipshape.cluster;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Discovery of ValidatingAdmissionPolicies, against the discovery documents of API servers before and after 1.30
 * (1.20, the only real one here, serves admissionregistration.k8s.io/v1 with webhook configurations only).
 */
@EnableKubernetesMockClient
class AdmissionPolicySupportTest {

    private static final String PATH = "/apis/admissionregistration.k8s.io/v1";

    KubernetesMockServer server;
    KubernetesClient client;

    private static APIResourceList resources(String... names) {
        return new APIResourceListBuilder().withGroupVersion("admissionregistration.k8s.io/v1")
                .withResources(List.of(names).stream().map(name -> {
                    APIResource resource = new APIResource();
                    resource.setName(name);
                    resource.setNamespaced(false);
                    resource.setKind(name);
                    resource.setVerbs(List.of("create", "get", "list"));
                    return resource;
                }).toList()).build();
    }

    @Test
    void servedWhereTheApiServerListsPoliciesAndBindings() {
        server.expect().get().withPath(PATH).andReturn(200, resources("mutatingwebhookconfigurations",
                "validatingadmissionpolicies", "validatingadmissionpolicies/status",
                "validatingadmissionpolicybindings", "validatingwebhookconfigurations")).always();

        assertThat(new AdmissionPolicySupport(client).served()).isTrue();
    }

    @Test
    void notServedByAKubernetes120ApiServerNorWithoutTheBindings() {
        server.expect().get().withPath(PATH).andReturn(200,
                resources("mutatingwebhookconfigurations", "validatingwebhookconfigurations")).once();
        server.expect().get().withPath(PATH).andReturn(200, resources("validatingadmissionpolicies")).once();

        assertThat(new AdmissionPolicySupport(client).served()).isFalse();
        assertThat(new AdmissionPolicySupport(client).served()).isFalse();
    }

    @Test
    void aFailedDiscoveryCountsAsNotServed() {
        server.expect().get().withPath(PATH).andReturn(403, "forbidden").always();

        assertThat(new AdmissionPolicySupport(client).served()).isFalse();
    }

    @Test
    void rediscoveryTellsListenersOfAChangeOnly() {
        server.expect().get().withPath(PATH).andReturn(200, resources("validatingwebhookconfigurations")).times(2);
        server.expect().get().withPath(PATH).andReturn(200, resources("validatingadmissionpolicies",
                "validatingadmissionpolicybindings")).always();
        AdmissionPolicySupport support = new AdmissionPolicySupport(client);
        AtomicInteger changes = new AtomicInteger();
        support.onChange(changes::incrementAndGet);

        assertThat(support.served()).isFalse();
        support.rediscover();
        assertThat(changes).hasValue(0);
        support.rediscover();
        assertThat(changes).hasValue(1);
        assertThat(support.served()).isTrue();
        support.rediscover();
        assertThat(changes).hasValue(1);
    }
}
