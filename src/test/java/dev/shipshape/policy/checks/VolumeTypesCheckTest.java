package dev.shipshape.policy.checks;

import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.shipshape.policy.checks.CheckFixtures.podWithFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class VolumeTypesCheckTest {

    private final VolumeTypesCheck check = new VolumeTypesCheck();

    static Stream<Arguments> allowedVolumes() {
        return Stream.of(
                arguments("configMap", "configMap: {name: settings}"),
                arguments("csi", "csi: {driver: secrets-store.csi.k8s.io, readOnly: true}"),
                arguments("downwardAPI", "downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}"),
                arguments("emptyDir", "emptyDir: {medium: Memory}"),
                arguments("ephemeral", "ephemeral: {volumeClaimTemplate: {spec: {accessModes: [ReadWriteOnce],"
                        + " resources: {requests: {storage: 1Gi}}}}}"),
                arguments("image", "image: {reference: 'registry.example.com/models/llm:1.0', pullPolicy: IfNotPresent}"),
                arguments("persistentVolumeClaim", "persistentVolumeClaim: {claimName: data}"),
                arguments("projected", "projected: {sources: [{serviceAccountToken: {path: token}}]}"),
                arguments("secret", "secret: {secretName: tls}"),
                arguments("an allowed source beside a restricted one", "configMap: {name: c}, hostPath: {path: /etc}"),
                arguments("no source at all, which the API server defaults to emptyDir", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allowedVolumes")
    void allowsVolumeType(String name, String volumeSource) {
        assertThat(CheckFixtures.paths(check, podWithVolume(volumeSource))).isEmpty();
    }

    static Stream<Arguments> restrictedVolumes() {
        return Stream.of(
                arguments("hostPath: {path: /var/log}", "hostPath"),
                arguments("gcePersistentDisk: {pdName: disk}", "gcePersistentDisk"),
                arguments("awsElasticBlockStore: {volumeID: vol-1}", "awsElasticBlockStore"),
                arguments("gitRepo: {repository: 'https://example.com/repo.git'}", "gitRepo"),
                arguments("nfs: {server: nfs.example.com, path: /export}", "nfs"),
                arguments("iscsi: {targetPortal: '10.0.0.1:3260', iqn: 'iqn.2001-04.com.example:storage', lun: 0}",
                        "iscsi"),
                arguments("glusterfs: {endpoints: gluster, path: vol}", "glusterfs"),
                arguments("rbd: {monitors: ['10.0.0.1:6789'], image: foo}", "rbd"),
                arguments("flexVolume: {driver: example/lvm}", "flexVolume"),
                arguments("cinder: {volumeID: v}", "cinder"),
                arguments("cephfs: {monitors: ['10.0.0.1:6789']}", "cephfs"),
                arguments("flocker: {datasetName: d}", "flocker"),
                arguments("fc: {wwids: [w]}", "fc"),
                arguments("azureFile: {secretName: s, shareName: share}", "azureFile"),
                arguments("vsphereVolume: {volumePath: '[ds] volumes/v'}", "vsphereVolume"),
                arguments("quobyte: {registry: 'registry:7861', volume: v}", "quobyte"),
                arguments("azureDisk: {diskName: d, diskURI: uri}", "azureDisk"),
                arguments("photonPersistentDisk: {pdID: p}", "photonPersistentDisk"),
                arguments("portworxVolume: {volumeID: p}", "portworxVolume"),
                arguments("scaleIO: {gateway: g, system: s, secretRef: {name: s}}", "scaleIO"),
                arguments("storageos: {volumeName: v}", "storageos"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("restrictedVolumes")
    void reportsRestrictedType(String volumeSource, String type) {
        assertThat(CheckFixtures.paths(check, podWithVolume(volumeSource)))
                .containsExactly("spec.volumes[1]." + type);
        assertThat(CheckFixtures.messages(check, podWithVolume(volumeSource)))
                .containsExactly("pod must not use volume \"data\" of restricted type " + type);
    }

    @Test
    void reportsASourceItDoesNotKnow() {
        String volumeSource = "futureDisk: {id: d}";
        assertThat(CheckFixtures.paths(check, podWithVolume(volumeSource)))
                .containsExactly("spec.volumes[1]");
        assertThat(CheckFixtures.messages(check, podWithVolume(volumeSource)))
                .containsExactly("pod must not use volume \"data\" of unknown type");
    }

    @Test
    void reportsEveryRestrictedVolume() {
        Workload pod = podWithFields("volumes: [{name: a, nfs: {server: s, path: /}}, {name: b, emptyDir: {}},"
                + " {name: c, hostPath: {path: /c}}]\n");
        assertThat(CheckFixtures.paths(check, pod))
                .containsExactly("spec.volumes[0].nfs", "spec.volumes[2].hostPath");
    }

    @Test
    void isRestrictedAndReplacesTheHostPathCheck() {
        assertThat(check.descriptor().profile()).isEqualTo(Profile.RESTRICTED);
        assertThat(check.descriptor().overrides()).containsExactly(new HostPathVolumesCheck().descriptor().id());
    }

    /** A pod whose second volume, "data", has {@code volumeSource} (flow-style fields without braces). */
    private static Workload podWithVolume(String volumeSource) {
        return podWithFields("volumes: [{name: tmp, emptyDir: {}}, {name: data"
                + (volumeSource.isEmpty() ? "" : ", " + volumeSource) + "}]\n");
    }
}
