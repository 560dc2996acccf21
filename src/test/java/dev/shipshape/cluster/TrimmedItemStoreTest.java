package dev.shipshape.cluster;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class TrimmedItemStoreTest {

    private final TrimmedItemStore<ReplicaSet> replicaSets = new TrimmedItemStore<>(ReplicaSet.class,
            Function.identity());

    @ParameterizedTest(name = "uid {0}, resourceVersion {1}")
    @CsvSource(nullValues = "null", value = {
            "3f2b8c1e-9a4d-4f6b-8e2a-1c5d7e9f0a1b, 42",
            "3F2B8C1E-9A4D-4F6B-8E2A-1C5D7E9F0A1B, 0",
            "3f2b8c1e-9a4d-4f6b-8e2a-1c5d7e9f0a1, 007",
            "1-1-1-1-1, 123456789012345678901234567890",
            "uid-web, abc",
            "'', ''",
            "null, null"})
    void uidsAndResourceVersionsComeBackAsTheyWere(String uid, String resourceVersion) {
        ReplicaSet replicaSet = replicaSet("shop", "web-7d9f8", uid, resourceVersion);

        replicaSets.put(replicaSets.getKey(replicaSet), replicaSet);

        ObjectMeta kept = replicaSets.get("shop/web-7d9f8").getMetadata();
        assertThat(kept.getUid()).isEqualTo(uid);
        assertThat(kept.getResourceVersion()).isEqualTo(resourceVersion);
        assertThat(kept.getName()).isEqualTo("web-7d9f8");
        assertThat(kept.getNamespace()).isEqualTo("shop");
        assertThat(kept.getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getUid()).isEqualTo(uid);
            assertThat(owner.getName()).isEqualTo("web");
            assertThat(owner.getKind()).isEqualTo("Deployment");
            assertThat(owner.getApiVersion()).isEqualTo("apps/v1");
            assertThat(owner.getController()).isTrue();
        });
    }

    @Test
    void canonicalUidsAndDecimalVersionsAreHeldAsNumbers() {
        String uid = "3f2b8c1e-9a4d-4f6b-8e2a-1c5d7e9f0a1b";

        assertThat(TrimmedItemStore.compactUid(uid)).isEqualTo(UUID.fromString(uid));
        assertThat(TrimmedItemStore.compactUid(uid.toUpperCase())).isEqualTo(uid.toUpperCase());
        assertThat(TrimmedItemStore.compactUid("uid-web")).isEqualTo("uid-web");
        assertThat(TrimmedItemStore.compactVersion("1234567")).isEqualTo(1234567L);
        assertThat(TrimmedItemStore.compactVersion("007")).isEqualTo("007");
        assertThat(TrimmedItemStore.compactVersion("-1")).isEqualTo("-1");
    }

    @Test
    void namesOfNamespacedAndClusterScopedObjectsComeFromTheirKeys() {
        TrimmedItemStore<Namespace> namespaces = new TrimmedItemStore<>(Namespace.class, Function.identity());
        Namespace shop = new NamespaceBuilder().withNewMetadata().withName("shop").withUid("uid-shop")
                .withLabels(Map.of("team", "payments")).endMetadata().build();
        Namespace empty = new NamespaceBuilder().withNewMetadata().withName("billing").withNamespace("")
                .endMetadata().build();
        ReplicaSet slashes = replicaSet("a", "b", "uid-b", "1");

        namespaces.put(namespaces.getKey(shop), shop);
        namespaces.put(namespaces.getKey(empty), empty);
        replicaSets.put(replicaSets.getKey(slashes), slashes);

        assertThat(namespaces.keySet()).containsExactlyInAnyOrder("shop", "billing");
        assertThat(namespaces.get("shop").getMetadata().getName()).isEqualTo("shop");
        assertThat(namespaces.get("shop").getMetadata().getLabels()).containsExactly(Map.entry("team", "payments"));
        assertThat(namespaces.get("billing").getMetadata().getName()).isEqualTo("billing");
        assertThat(namespaces.values()).extracting(namespace -> namespace.getMetadata().getName())
                .containsExactlyInAnyOrder("shop", "billing");
        assertThat(replicaSets.get("a/b").getMetadata().getName()).isEqualTo("b");
        assertThat(replicaSets.remove("a/b").getMetadata().getName()).isEqualTo("b");
    }

    private static ReplicaSet replicaSet(String namespace, String name, String uid, String resourceVersion) {
        OwnerReference owner = new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                .withName("web").withUid(uid).withController(true).build();
        return new ReplicaSetBuilder().withNewMetadata().withName(name).withNamespace(namespace).withUid(uid)
                .withResourceVersion(resourceVersion).withOwnerReferences(List.of(owner)).endMetadata()
                .withNewSpec().withReplicas(1).endSpec().build();
    }
}
