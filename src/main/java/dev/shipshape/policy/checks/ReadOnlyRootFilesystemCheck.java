package dev.shipshape.policy.checks;

import dev.shipshape.policy.Category;
import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.ContainerRef;
import dev.shipshape.policy.ContainerType;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.FindingSink;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.RemediationTarget;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.Workload;
import dev.shipshape.policy.cel.Cel;
import dev.shipshape.policy.cel.CelRule;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Init and regular containers must run with a read-only root filesystem. Ephemeral (debug) containers are
 * skipped, and so are Windows pods, which do not support the field.
 */
public final class ReadOnlyRootFilesystemCheck implements Check {

    private static final String TMP_VOLUME = "shipshape-tmp";
    private static final String TMP_PATH = "/tmp";

    private static final CheckDescriptor DESCRIPTOR = CheckDescriptor.builder("read-only-root-filesystem")
            .title("Read-only root filesystem")
            .category(Category.FILESYSTEM)
            .profile(Profile.HARDENED)
            .severity(Severity.MEDIUM)
            .fields("spec.containers[*].securityContext.readOnlyRootFilesystem",
                    "spec.initContainers[*].securityContext.readOnlyRootFilesystem",
                    "spec.containers[*].volumeMounts[*].mountPath",
                    "spec.initContainers[*].volumeMounts[*].mountPath",
                    "spec.volumes[*].name",
                    "spec.os.name")
            .why("A writable root filesystem lets an attacker drop tools or tamper with binaries and "
                    + "configuration; it is defence in depth rather than a direct escape, hence medium.")
            .fix("Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir volume wherever the "
                    + "application writes, e.g. /tmp.")
            .remediation("Sets securityContext.readOnlyRootFilesystem: true in each offending init and regular "
                    + "container that does not set it and, when that container mounts nothing at /tmp, mounts "
                    + "an emptyDir volume \"" + TMP_VOLUME + "\" there (another name if a different volume "
                    + "already uses that one); an explicit false is left alone.")
            .build();

    private static final FieldPath FIELD = FieldPath.of("securityContext", "readOnlyRootFilesystem");

    @Override
    public CheckDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void evaluate(Workload workload, FindingSink findings) {
        if (workload.isWindows()) {
            return;
        }
        workload.forEachContainer(container -> {
            if (container.type() == ContainerType.EPHEMERAL) {
                return;
            }
            Boolean readOnly = readOnlyRootFilesystem(container.container());
            if (readOnly == null) {
                findings.container(container, FIELD,
                        container.describe() + " must set securityContext.readOnlyRootFilesystem=true");
            } else if (!readOnly) {
                findings.container(container, FIELD, container.describe()
                        + " must set securityContext.readOnlyRootFilesystem=true, not false");
            }
        });
    }

    @Override
    public boolean remediate(Workload workload, RemediationTarget target) {
        if (workload.isWindows()) {
            return false;
        }
        String tmpVolume = null;
        boolean changed = false;
        for (ContainerRef ref : workload.containers()) {
            if (!target.includes(ref)
                    || readOnlyRootFilesystem(ref.container()) != null) {
                continue;
            }
            Container container = ref.container();
            SecurityContexts.getOrCreate(container).setReadOnlyRootFilesystem(true);
            changed = true;
            if (!mountsTmp(container)) {
                if (tmpVolume == null) {
                    tmpVolume = ensureTmpVolume(workload.podSpec());
                }
                List<VolumeMount> mounts = new ArrayList<>();
                if (container.getVolumeMounts() != null) {
                    mounts.addAll(container.getVolumeMounts());
                }
                VolumeMount mount = new VolumeMount();
                mount.setName(tmpVolume);
                mount.setMountPath(TMP_PATH);
                mounts.add(mount);
                container.setVolumeMounts(mounts);
            }
        }
        return changed;
    }

    /** The name of the pod's emptyDir volume for /tmp, adding it when missing. */
    private static String ensureTmpVolume(PodSpec spec) {
        List<Volume> volumes = spec.getVolumes() == null ? List.of() : spec.getVolumes();
        String name = TMP_VOLUME;
        for (int suffix = 2; ; suffix++) {
            Volume existing = volumeNamed(volumes, name);
            if (existing == null) {
                break;
            }
            if (existing.getEmptyDir() != null) {
                return name;
            }
            name = TMP_VOLUME + "-" + suffix;
        }
        Volume volume = new Volume();
        volume.setName(name);
        volume.setEmptyDir(new EmptyDirVolumeSource());
        List<Volume> updated = new ArrayList<>(volumes);
        updated.add(volume);
        spec.setVolumes(updated);
        return name;
    }

    private static Volume volumeNamed(List<Volume> volumes, String name) {
        for (Volume volume : volumes) {
            if (name.equals(volume.getName())) {
                return volume;
            }
        }
        return null;
    }

    private static boolean mountsTmp(Container container) {
        if (container.getVolumeMounts() == null) {
            return false;
        }
        for (VolumeMount mount : container.getVolumeMounts()) {
            String path = mount.getMountPath();
            if (TMP_PATH.equals(path) || "/tmp/".equals(path)) {
                return true;
            }
        }
        return false;
    }

    private static Boolean readOnlyRootFilesystem(Container container) {
        return container.getSecurityContext() == null ? null
                : container.getSecurityContext().getReadOnlyRootFilesystem();
    }

    @Override
    public CelRule celRule() {
        return CelRule.containers(Cel.not(Cel.isTrue(Cel.CONTAINER, FIELD)),
                        "must set securityContext.readOnlyRootFilesystem=true")
                .forContainers(EnumSet.of(ContainerType.INIT, ContainerType.REGULAR))
                .onlyWhen(Cel.not(PodSecurityExemption.WINDOWS.celPods()));
    }
}
