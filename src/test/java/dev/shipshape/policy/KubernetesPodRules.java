package dev.shipshape.policy;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.WindowsSecurityContextOptions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules by which the API server's pod validation ({@code pkg/apis/core/validation/validation.go}) and the
 * kubelet refuse a pod, for the fields Shipshape's remediations write: security contexts, volumes and volume mounts.
 * A model for tests: each problem names its field.
 * <ul>
 *   <li>{@code ValidateSecurityContext}: {@code allowPrivilegeEscalation: false} beside {@code privileged: true} or
 *       beside {@code capabilities.add} of {@code CAP_SYS_ADMIN};</li>
 *   <li>{@code validateWindows} / {@code validateLinux} (Kubernetes 1.25+, by {@code spec.os.name}): the Linux-only
 *       security fields in a Windows pod, {@code windowsOptions} in a Linux pod;</li>
 *   <li>{@code validateSeccompAnnotationsAndFieldsMatch}: a seccomp field that disagrees with the legacy annotation
 *       of the pod or the container beside it;</li>
 *   <li>{@code ValidateVolumes} and {@code ValidateVolumeMounts}: unique volume names, mounts of existing volumes, one
 *       mount per path in a container;</li>
 *   <li>the kubelet's {@code verifyRunAsNonRoot}: a container that must run as non-root with UID 0, or as
 *       {@code ContainerAdministrator} on Windows, is never started.</li>
 * </ul>
 */
final class KubernetesPodRules {

    private static final String POD_SECCOMP_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
    private static final String CONTAINER_SECCOMP_ANNOTATION = "container.seccomp.security.alpha.kubernetes.io/";

    private KubernetesPodRules() {
    }

    /** The problems the API server or the kubelet would find in {@code workload}'s pod. */
    static Set<String> problems(Workload workload) {
        List<String> problems = new ArrayList<>();
        PodSpec spec = workload.podSpec();
        Map<String, String> annotations = workload.podMetadata().getAnnotations() == null ? Map.of()
                : workload.podMetadata().getAnnotations();
        String os = spec.getOs() == null ? null : spec.getOs().getName();
        PodSecurityContext pod = spec.getSecurityContext();
        if (pod != null) {
            if ("windows".equals(os)) {
                forbidInWindows(problems, "spec.securityContext",
                        new String[]{"seLinuxOptions", "seccompProfile", "appArmorProfile", "fsGroup", "runAsUser",
                                "runAsGroup", "sysctls"},
                        pod.getSeLinuxOptions(), pod.getSeccompProfile(), pod.getAppArmorProfile(), pod.getFsGroup(),
                        pod.getRunAsUser(), pod.getRunAsGroup(), pod.getSysctls().isEmpty() ? null : pod.getSysctls());
            }
            if ("linux".equals(os) && pod.getWindowsOptions() != null) {
                problems.add("spec.securityContext.windowsOptions: forbidden in a Linux pod");
            }
            seccompMatchesAnnotation(problems, "spec.securityContext.seccompProfile", pod.getSeccompProfile(),
                    annotations.get(POD_SECCOMP_ANNOTATION));
        }
        Set<String> volumes = new HashSet<>();
        for (Volume volume : spec.getVolumes()) {
            if (!volumes.add(volume.getName())) {
                problems.add("spec.volumes: duplicate name " + volume.getName());
            }
        }
        for (ContainerRef container : workload.containers()) {
            String at = container.path().toString();
            SecurityContext context = container.securityContext();
            if (context != null) {
                securityContext(problems, at + ".securityContext", context, os);
                seccompMatchesAnnotation(problems, at + ".securityContext.seccompProfile", context.getSeccompProfile(),
                        annotations.get(CONTAINER_SECCOMP_ANNOTATION + container.name()));
            }
            Set<String> mountPaths = new HashSet<>();
            for (VolumeMount mount : container.container().getVolumeMounts()) {
                if (!volumes.contains(mount.getName())) {
                    problems.add(at + ".volumeMounts: no volume " + mount.getName());
                }
                if (!mountPaths.add(mount.getMountPath())) {
                    problems.add(at + ".volumeMounts: " + mount.getMountPath() + " mounted twice");
                }
            }
            runsAsNonRoot(problems, at, pod, context);
        }
        return new HashSet<>(problems);
    }

    private static void securityContext(List<String> problems, String at, SecurityContext context, String os) {
        if (Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
            if (Boolean.TRUE.equals(context.getPrivileged())) {
                problems.add(at + ": cannot set allowPrivilegeEscalation to false and privileged to true");
            }
            Capabilities capabilities = context.getCapabilities();
            if (capabilities != null && capabilities.getAdd().contains("CAP_SYS_ADMIN")) {
                problems.add(at + ": cannot set allowPrivilegeEscalation to false and capabilities.add CAP_SYS_ADMIN");
            }
        }
        if ("windows".equals(os)) {
            forbidInWindows(problems, at,
                    new String[]{"seLinuxOptions", "seccompProfile", "appArmorProfile", "capabilities",
                            "readOnlyRootFilesystem", "privileged", "allowPrivilegeEscalation", "procMount", "runAsUser",
                            "runAsGroup"},
                    context.getSeLinuxOptions(), context.getSeccompProfile(), context.getAppArmorProfile(),
                    context.getCapabilities(), context.getReadOnlyRootFilesystem(), context.getPrivileged(),
                    context.getAllowPrivilegeEscalation(), context.getProcMount(), context.getRunAsUser(),
                    context.getRunAsGroup());
        }
        if ("linux".equals(os) && context.getWindowsOptions() != null) {
            problems.add(at + ".windowsOptions: forbidden in a Linux pod");
        }
    }

    private static void forbidInWindows(List<String> problems, String at, String[] names, Object... values) {
        for (int i = 0; i < names.length; i++) {
            if (values[i] != null) {
                problems.add(at + "." + names[i] + ": forbidden in a Windows pod");
            }
        }
    }

    private static void seccompMatchesAnnotation(List<String> problems, String at, SeccompProfile field,
                                                 String annotation) {
        if (field == null || annotation == null) {
            return;
        }
        boolean matches = switch (String.valueOf(field.getType())) {
            case "Unconfined" -> "unconfined".equals(annotation);
            case "RuntimeDefault" -> "runtime/default".equals(annotation) || "docker/default".equals(annotation);
            case "Localhost" -> ("localhost/" + field.getLocalhostProfile()).equals(annotation);
            default -> true;
        };
        if (!matches) {
            problems.add(at + ": seccomp type in annotation (" + annotation + ") and field must match");
        }
    }

    private static void runsAsNonRoot(List<String> problems, String at, PodSecurityContext pod,
                                      SecurityContext context) {
        Boolean nonRoot = context != null && context.getRunAsNonRoot() != null ? context.getRunAsNonRoot()
                : pod == null ? null : pod.getRunAsNonRoot();
        if (!Boolean.TRUE.equals(nonRoot)) {
            return;
        }
        Long uid = context != null && context.getRunAsUser() != null ? context.getRunAsUser()
                : pod == null ? null : pod.getRunAsUser();
        if (Long.valueOf(0L).equals(uid)) {
            problems.add(at + ": the kubelet refuses runAsNonRoot with runAsUser 0");
        }
        WindowsSecurityContextOptions own = context == null ? null : context.getWindowsOptions();
        String user = own != null && own.getRunAsUserName() != null ? own.getRunAsUserName()
                : pod == null || pod.getWindowsOptions() == null ? null : pod.getWindowsOptions().getRunAsUserName();
        if ("ContainerAdministrator".equalsIgnoreCase(user)) {
            problems.add(at + ": the kubelet refuses runAsNonRoot as ContainerAdministrator");
        }
    }
}
