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
import io.fabric8.kubernetes.api.model.HostPathVolumeSource;
import io.fabric8.kubernetes.api.model.Volume;

import java.util.List;

/** Pod Security Standards baseline "HostPath Volumes": the pod must not mount directories of the node. */
public final class HostPathVolumesCheck implements Check {

    private static final CheckDescriptor DESCRIPTOR = CheckDescriptor.builder("host-path-volumes")
            .title("HostPath volumes")
            .category(Category.FILESYSTEM)
            .profile(Profile.BASELINE)
            .severity(Severity.CRITICAL)
            .podSecurityControl("HostPath Volumes")
            .fields("spec.volumes[*].hostPath")
            .why("A hostPath volume exposes the node's filesystem to the container; mounting paths such as the "
                    + "container runtime socket or /etc hands over the node.")
            .fix("Replace the hostPath volume with an emptyDir, configMap, secret or persistentVolumeClaim volume.")
            .build();

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
            HostPathVolumeSource hostPath = volumes.get(i).getHostPath();
            if (hostPath != null) {
                findings.pod(FieldPath.of("volumes").index(i).field("hostPath"),
                        "pod must not mount hostPath volume \"" + volumes.get(i).getName() + "\""
                                + (hostPath.getPath() == null ? "" : " (path \"" + hostPath.getPath() + "\")"));
            }
        }
    }

    @Override
    public CelRule celRule() {
        return CelRule.pod(Cel.whenSet(Cel.SPEC, FieldPath.of("volumes"), volumes -> volumes + ".exists(v, has(v.hostPath))"),
                "must not mount hostPath volumes");
    }
}
