package dev.shipshape.cli.scan;

import dev.shipshape.policy.Spelling;
import dev.shipshape.policy.WorkloadKind;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The kinds of Kubernetes' built-in API groups (1.35) and of kustomize's own files, which a scan skips silently when
 * they are not workloads, and the custom kinds the input declares with CustomResourceDefinitions. An object of any other kind is named in the
 * report, since a typo'd kind would otherwise pass as a clean scan.
 */
final class KnownKinds {

    private static final Map<String, List<String>> BUILT_IN = Map.ofEntries(
            Map.entry("", List.of("Binding", "ComponentStatus", "ConfigMap", "Endpoints", "Event", "LimitRange",
                    "List", "Namespace", "Node", "PersistentVolume", "PersistentVolumeClaim", "Pod", "PodTemplate",
                    "ReplicationController", "ResourceQuota", "Secret", "Service", "ServiceAccount")),
            Map.entry("admission.k8s.io", List.of("AdmissionReview")),
            Map.entry("kustomize.config.k8s.io", List.of("Kustomization", "Component")),
            Map.entry("admissionregistration.k8s.io", List.of("MutatingWebhookConfiguration",
                    "ValidatingWebhookConfiguration", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
                    "MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding")),
            Map.entry("apiextensions.k8s.io", List.of("CustomResourceDefinition")),
            Map.entry("apiregistration.k8s.io", List.of("APIService")),
            Map.entry("apps", List.of("ControllerRevision", "DaemonSet", "Deployment", "ReplicaSet", "StatefulSet")),
            Map.entry("authentication.k8s.io", List.of("SelfSubjectReview", "TokenReview")),
            Map.entry("authorization.k8s.io", List.of("LocalSubjectAccessReview", "SelfSubjectAccessReview",
                    "SelfSubjectRulesReview", "SubjectAccessReview")),
            Map.entry("autoscaling", List.of("HorizontalPodAutoscaler", "Scale")),
            Map.entry("batch", List.of("CronJob", "Job")),
            Map.entry("certificates.k8s.io", List.of("CertificateSigningRequest", "ClusterTrustBundle",
                    "PodCertificateRequest")),
            Map.entry("coordination.k8s.io", List.of("Lease", "LeaseCandidate")),
            Map.entry("discovery.k8s.io", List.of("EndpointSlice")),
            Map.entry("events.k8s.io", List.of("Event")),
            Map.entry("flowcontrol.apiserver.k8s.io", List.of("FlowSchema", "PriorityLevelConfiguration")),
            Map.entry("internal.apiserver.k8s.io", List.of("StorageVersion")),
            Map.entry("networking.k8s.io", List.of("IPAddress", "Ingress", "IngressClass", "NetworkPolicy",
                    "ServiceCIDR")),
            Map.entry("node.k8s.io", List.of("RuntimeClass")),
            Map.entry("policy", List.of("Eviction", "PodDisruptionBudget")),
            Map.entry("rbac.authorization.k8s.io", List.of("ClusterRole", "ClusterRoleBinding", "Role",
                    "RoleBinding")),
            Map.entry("resource.k8s.io", List.of("DeviceClass", "DeviceTaintRule", "ResourceClaim",
                    "ResourceClaimTemplate", "ResourceSlice")),
            Map.entry("scheduling.k8s.io", List.of("PriorityClass")),
            Map.entry("storage.k8s.io", List.of("CSIDriver", "CSINode", "CSIStorageCapacity", "StorageClass",
                    "VolumeAttachment", "VolumeAttributesClass")),
            Map.entry("storagemigration.k8s.io", List.of("StorageVersionMigration")),
            Map.entry("shipshape.dev", List.of("HardeningPolicy", "HardeningExemption")));

    /** The workload kinds by their lower-case names, for suggestions whatever the case of a misspelling. */
    private static final Map<String, String> WORKLOAD_KINDS = workloadKindsByLowerCase();

    private final Set<String> declared = new HashSet<>();

    /** Remembers the kind a CustomResourceDefinition of the input declares. */
    void declare(String group, String kind) {
        declared.add(group + "/" + kind);
    }

    /** True when {@code apiVersion}'s group has {@code kind} built in or a CustomResourceDefinition declared it. */
    boolean known(String apiVersion, String kind) {
        String group = group(apiVersion);
        List<String> kinds = BUILT_IN.get(group);
        return kinds != null && kinds.contains(kind) || declared.contains(group + "/" + kind);
    }

    static boolean builtInGroup(String group) {
        return BUILT_IN.containsKey(group) && !"shipshape.dev".equals(group);
    }

    static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    private static Map<String, String> workloadKindsByLowerCase() {
        Map<String, String> byLowerCase = new LinkedHashMap<>();
        WorkloadKind.names().forEach(name -> byLowerCase.put(name.toLowerCase(Locale.ROOT), name));
        return byLowerCase;
    }

    /** The workload kind a misspelt kind was probably meant to be, or null. */
    static String suggestion(String kind) {
        return Spelling.closest(kind.toLowerCase(Locale.ROOT), WORKLOAD_KINDS.keySet(), Math.max(1, kind.length() / 4))
                .map(WORKLOAD_KINDS::get).orElse(null);
    }
}
