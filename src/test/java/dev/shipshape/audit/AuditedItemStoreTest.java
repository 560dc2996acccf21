package dev.shipshape.audit;

import dev.shipshape.cluster.TrimmedItemStore;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class AuditedItemStoreTest {

    private final TrimmedItemStore<Pod> store = AuditedItemStore.of(Pod.class);

    @Test
    void aBarePodIsKeptAsItsIdentityOnly() {
        Pod pod = pod("shop", "debug", List.of());
        String key = store.getKey(pod);

        assertThat(store.put(key, pod)).isNull();

        Pod kept = store.get(key);
        assertThat(kept).isNotSameAs(pod);
        assertThat(kept.getMetadata().getName()).isEqualTo("debug");
        assertThat(kept.getMetadata().getNamespace()).isEqualTo("shop");
        assertThat(kept.getMetadata().getUid()).isEqualTo("uid-debug");
        assertThat(kept.getMetadata().getResourceVersion()).isEqualTo("42");
        assertThat(kept.getMetadata().getLabels()).isEmpty();
        assertThat(kept.getMetadata().getAnnotations()).isEmpty();
        assertThat(kept.getSpec()).isNull();
        assertThat(kept.getStatus()).isNull();
        assertThat(kept.getKind()).isEqualTo("Pod");
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.keySet()).containsExactly("shop/debug");
        assertThat(store.values()).containsExactly(kept);
        // the informer's object is left alone
        assertThat(pod.getSpec()).isNotNull();
        assertThat(pod.getMetadata().getLabels()).containsEntry("app", "debug");
    }

    @Test
    void putReturnsThePreviousIdentity() {
        Pod first = pod("shop", "debug", List.of());
        store.put(store.getKey(first), first);
        Pod second = pod("shop", "debug", List.of());
        second.getMetadata().setResourceVersion("43");

        Pod previous = store.put(store.getKey(second), second);

        assertThat(previous.getMetadata().getResourceVersion()).isEqualTo("42");
        assertThat(store.get("shop/debug").getMetadata().getResourceVersion()).isEqualTo("43");
        assertThat(store.size()).isEqualTo(1);
    }

    static Stream<Arguments> ownerReferences() {
        return Stream.of(
                // description, owner references, whether the pod is kept
                arguments("no owner", List.of(), true),
                arguments("a controller", List.of(owner("ReplicaSet", "web-7d9f8", true)), false),
                arguments("an owner that is not the controller", List.of(owner("ReplicaSet", "web-7d9f8", false)),
                        true),
                arguments("an owner without controller flag", List.of(owner("ReplicaSet", "web-7d9f8", null)), true),
                arguments("an owner and a controller",
                        List.of(owner("ConfigMap", "settings", false), owner("Job", "migrate", true)), false));
    }

    @ParameterizedTest(name = "{0}: kept {2}")
    @MethodSource
    void ownerReferences(String description, List<OwnerReference> owners, boolean kept) {
        Pod pod = pod("shop", "web-7d9f8-abcde", owners);

        assertThat(store.put(store.getKey(pod), pod)).isNull();

        assertThat(store.get("shop/web-7d9f8-abcde") != null).isEqualTo(kept);
        assertThat(store.size()).isEqualTo(kept ? 1 : 0);
        assertThat(AuditedItemStore.controlled(pod)).isEqualTo(!kept);
    }

    @Test
    void aPodThatGainsAControllerIsForgotten() {
        Pod bare = pod("shop", "web", List.of());
        store.put(store.getKey(bare), bare);
        Pod adopted = pod("shop", "web", List.of(owner("ReplicaSet", "web-7d9f8", true)));

        Pod previous = store.put(store.getKey(adopted), adopted);

        assertThat(previous).isNotNull();
        assertThat(previous.getMetadata().getUid()).isEqualTo("uid-web");
        assertThat(store.get("shop/web")).isNull();
        assertThat(store.size()).isZero();
        assertThat(store.keySet()).isEmpty();
    }

    @Test
    void removeForgetsTheIdentity() {
        Pod pod = pod("shop", "debug", List.of());
        store.put(store.getKey(pod), pod);

        assertThat(store.remove("shop/debug").getMetadata().getName()).isEqualTo("debug");
        assertThat(store.remove("shop/debug")).isNull();
        assertThat(store.size()).isZero();
    }

    @Test
    void theKeyIsNamespaceSlashName() {
        assertThat(store.getKey(pod("shop", "debug", List.of()))).isEqualTo("shop/debug");

        TrimmedItemStore<Deployment> deployments = AuditedItemStore.of(Deployment.class);
        Deployment deployment = new DeploymentBuilder()
                .withMetadata(metadata("payments", "ledger")).withNewSpec().withReplicas(1).endSpec().build();

        assertThat(deployments.getKey(deployment)).isEqualTo("payments/ledger");
        deployments.put(deployments.getKey(deployment), deployment);
        assertThat(deployments.get("payments/ledger").getSpec()).isNull();
        assertThat(deployments.get("payments/ledger").getMetadata().getUid()).isEqualTo("uid-ledger");
    }

    @Test
    void theStoreIsNotFullState() {
        assertThat(store.isFullState()).isFalse();
    }

    private static Pod pod(String namespace, String name, List<OwnerReference> owners) {
        ObjectMeta metadata = metadata(namespace, name);
        metadata.setOwnerReferences(owners);
        return new PodBuilder()
                .withMetadata(metadata)
                .withNewSpec().addNewContainer().withName("app").withImage("nginx:1.27").endContainer().endSpec()
                .withNewStatus().withPhase("Running").endStatus()
                .build();
    }

    private static ObjectMeta metadata(String namespace, String name) {
        ObjectMeta metadata = new ObjectMeta();
        metadata.setName(name);
        metadata.setNamespace(namespace);
        metadata.setUid("uid-" + name);
        metadata.setResourceVersion("42");
        metadata.setLabels(new HashMap<>(Map.of("app", name)));
        metadata.setAnnotations(new HashMap<>(Map.of("note", "kept out of the store")));
        return metadata;
    }

    private static OwnerReference owner(String kind, String name, Boolean controller) {
        return new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind(kind).withName(name)
                .withUid("uid-" + name).withController(controller).build();
    }
}
