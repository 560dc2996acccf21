package dev.shipshape.policy.checks;

import dev.shipshape.policy.Category;
import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.FindingSink;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.Workload;
import dev.shipshape.policy.cel.Cel;
import dev.shipshape.policy.cel.CelRule;
import io.fabric8.kubernetes.api.model.Volume;

import java.util.List;

/**
 * Pod Security Standards restricted "Volume Types": the pod may only use volume types that keep their data
 * inside the cluster's control (no host paths, no network filesystems or cloud disks mounted inline).
 * Replaces {@code host-path-volumes}, since hostPath is one of the types it forbids.
 */
public final class VolumeTypesCheck implements Check {

    private static final CheckDescriptor DESCRIPTOR = CheckDescriptor.builder("volume-types")
            .title("Restricted volume types")
            .category(Category.FILESYSTEM)
            .profile(Profile.RESTRICTED)
            .severity(Severity.HIGH)
            .podSecurityControl("Volume Types")
            .fields("spec.volumes[*]")
            .overrides("host-path-volumes")
            .why("Inline volumes such as hostPath, nfs, iscsi or cloud disks bypass the cluster's storage access "
                    + "control and can expose the node or shared storage to the pod.")
            .fix("Use only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected "
                    + "or secret volumes.")
            .build();

    /** The volume sources the restricted profile allows, as named in the pod spec. */
    private static final List<String> ALLOWED_SOURCES = List.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "image", "persistentVolumeClaim", "projected", "secret");

    @Override
    public CheckDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void evaluate(Workload workload, FindingSink findings) {
        List<Volume> volumes = workload.podSpec().getVolumes();
        if (volumes == null) {
            return;
        }
        for (int i = 0; i < volumes.size(); i++) {
            Volume volume = volumes.get(i);
            if (!isAllowed(volume) && !hasNoSource(volume)) {
                String type = restrictedType(volume);
                FieldPath volumePath = FieldPath.of("volumes").index(i);
                findings.pod(type == null ? volumePath : volumePath.field(type),
                        "pod must not use volume \"" + volume.getName() + "\" of "
                                + (type == null ? "unknown type" : "restricted type " + type));
            }
        }
    }

    /** True when any allowed source is set, even beside a restricted one, as Pod Security Admission decides. */
    private static boolean isAllowed(Volume volume) {
        return volume.getConfigMap() != null
                || volume.getCsi() != null
                || volume.getDownwardAPI() != null
                || volume.getEmptyDir() != null
                || volume.getEphemeral() != null
                || volume.getImage() != null
                || volume.getPersistentVolumeClaim() != null
                || volume.getProjected() != null
                || volume.getSecret() != null;
    }

    /**
     * A volume that names no source at all: the API server defaults it to {@code emptyDir: {}} before admission,
     * so it is an allowed emptyDir wherever it is seen, in a manifest or in a review.
     */
    private static boolean hasNoSource(Volume volume) {
        return restrictedType(volume) == null && volume.getAdditionalProperties().isEmpty();
    }

    /** The field name of the volume's restricted source, or null when it has none Shipshape knows. */
    private static String restrictedType(Volume volume) {
        if (volume.getHostPath() != null) {
            return "hostPath";
        } else if (volume.getGcePersistentDisk() != null) {
            return "gcePersistentDisk";
        } else if (volume.getAwsElasticBlockStore() != null) {
            return "awsElasticBlockStore";
        } else if (volume.getGitRepo() != null) {
            return "gitRepo";
        } else if (volume.getNfs() != null) {
            return "nfs";
        } else if (volume.getIscsi() != null) {
            return "iscsi";
        } else if (volume.getGlusterfs() != null) {
            return "glusterfs";
        } else if (volume.getRbd() != null) {
            return "rbd";
        } else if (volume.getFlexVolume() != null) {
            return "flexVolume";
        } else if (volume.getCinder() != null) {
            return "cinder";
        } else if (volume.getCephfs() != null) {
            return "cephfs";
        } else if (volume.getFlocker() != null) {
            return "flocker";
        } else if (volume.getFc() != null) {
            return "fc";
        } else if (volume.getAzureFile() != null) {
            return "azureFile";
        } else if (volume.getVsphereVolume() != null) {
            return "vsphereVolume";
        } else if (volume.getQuobyte() != null) {
            return "quobyte";
        } else if (volume.getAzureDisk() != null) {
            return "azureDisk";
        } else if (volume.getPhotonPersistentDisk() != null) {
            return "photonPersistentDisk";
        } else if (volume.getPortworxVolume() != null) {
            return "portworxVolume";
        } else if (volume.getScaleIO() != null) {
            return "scaleIO";
        } else if (volume.getStorageos() != null) {
            return "storageos";
        }
        return null;
    }

    @Override
    public CelRule celRule() {
        return CelRule.pod(Cel.whenSet(Cel.SPEC, FieldPath.of("volumes"), volumes -> volumes
                        + ".exists(v, !v.exists(source, source in " + Cel.list(ALLOWED_SOURCES)
                        + ") && v.exists(field, field != 'name'))"),
                "must use only " + String.join(", ", ALLOWED_SOURCES) + " volumes");
    }
}
