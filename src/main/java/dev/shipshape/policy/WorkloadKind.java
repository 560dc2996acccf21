package dev.shipshape.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpec;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one table of the kinds of object that run pods: for each, its API group, kind and resource, where its pod
 * template sits, whether its pods run to completion, and its typed model classes (newest version first) with how to
 * reach the template of a typed object. Extraction, admission rules, informers and policy validation all follow
 * from it: adding a kind is one entry. Versions are not listed for reading trees: any version of the group is read
 * the same way (so batch/v1beta1 CronJobs and apps/v1beta2 Deployments work).
 */
public enum WorkloadKind implements WorkloadShape {
    POD("", "Pod", "pods", FieldPath.of("metadata"), FieldPath.of("spec"), false, List.of(Pod.class),
            object -> new PodTemplateSpec(((Pod) object).getMetadata(), ((Pod) object).getSpec())),
    DEPLOYMENT("apps", "Deployment", "deployments", template("spec"), templateSpec("spec"), false,
            List.of(Deployment.class), object -> Optional.ofNullable(((Deployment) object).getSpec())
                    .map(DeploymentSpec::getTemplate).orElse(null)),
    STATEFUL_SET("apps", "StatefulSet", "statefulsets", template("spec"), templateSpec("spec"), false,
            List.of(StatefulSet.class), object -> Optional.ofNullable(((StatefulSet) object).getSpec())
                    .map(StatefulSetSpec::getTemplate).orElse(null)),
    DAEMON_SET("apps", "DaemonSet", "daemonsets", template("spec"), templateSpec("spec"), false,
            List.of(DaemonSet.class), object -> Optional.ofNullable(((DaemonSet) object).getSpec())
                    .map(DaemonSetSpec::getTemplate).orElse(null)),
    REPLICA_SET("apps", "ReplicaSet", "replicasets", template("spec"), templateSpec("spec"), false,
            List.of(ReplicaSet.class), object -> Optional.ofNullable(((ReplicaSet) object).getSpec())
                    .map(ReplicaSetSpec::getTemplate).orElse(null)),
    REPLICATION_CONTROLLER("", "ReplicationController", "replicationcontrollers", template("spec"),
            templateSpec("spec"), false, List.of(ReplicationController.class),
            object -> Optional.ofNullable(((ReplicationController) object).getSpec())
                    .map(ReplicationControllerSpec::getTemplate).orElse(null)),
    JOB("batch", "Job", "jobs", template("spec"), templateSpec("spec"), true, List.of(Job.class),
            object -> Optional.ofNullable(((Job) object).getSpec()).map(JobSpec::getTemplate).orElse(null)),
    CRON_JOB("batch", "CronJob", "cronjobs", template("spec", "jobTemplate", "spec"),
            templateSpec("spec", "jobTemplate", "spec"), true,
            List.of(CronJob.class, io.fabric8.kubernetes.api.model.batch.v1beta1.CronJob.class),
            WorkloadKind::cronJobTemplate),
    POD_TEMPLATE("", "PodTemplate", "podtemplates", FieldPath.of("template", "metadata"),
            FieldPath.of("template", "spec"), false, List.of(PodTemplate.class),
            object -> ((PodTemplate) object).getTemplate());

    /** The Pod subresource through which ephemeral containers are added (what {@code kubectl debug} updates). */
    public static final String EPHEMERAL_CONTAINERS = "ephemeralcontainers";

    private static final List<String> LEGACY_APPS_GROUPS = List.of("extensions");

    private final String group;
    private final String kind;
    private final String plural;
    private final FieldPath podMetadataPath;
    private final FieldPath podSpecPath;
    private final boolean batch;
    private final List<Class<? extends HasMetadata>> types;
    private final Function<HasMetadata, PodTemplateSpec> typedTemplate;

    WorkloadKind(String group, String kind, String plural, FieldPath podMetadataPath, FieldPath podSpecPath,
                 boolean batch, List<Class<? extends HasMetadata>> types,
                 Function<HasMetadata, PodTemplateSpec> typedTemplate) {
        this.types = types;
        this.typedTemplate = typedTemplate;
        this.group = group;
        this.kind = kind;
        this.plural = plural;
        this.podMetadataPath = podMetadataPath;
        this.podSpecPath = podSpecPath;
        this.batch = batch;
    }

    private static FieldPath template(String... prefix) {
        return FieldPath.of(prefix).field("template").field("metadata");
    }

    private static FieldPath templateSpec(String... prefix) {
        return FieldPath.of(prefix).field("template").field("spec");
    }

    /** The API group; empty for the core group. */
    @Override
    public String group() {
        return group;
    }

    @Override
    public String kind() {
        return kind;
    }

    /** The resource name, as in admission requests and RBAC rules. */
    @Override
    public String plural() {
        return plural;
    }

    @Override
    public FieldPath podMetadataPath() {
        return podMetadataPath;
    }

    @Override
    public FieldPath podSpecPath() {
        return podSpecPath;
    }

    /** True for kinds whose pods run to completion. */
    @Override
    public boolean batch() {
        return batch;
    }

    /** The names of every kind, as in manifests and {@code spec.match.kinds}. */
    public static List<String> names() {
        return Arrays.stream(values()).map(WorkloadKind::kind).toList();
    }

    /** The typed model class to watch when the API server serves {@code versions} of the group, newest first. */
    public Class<? extends HasMetadata> typeFor(List<String> versions) {
        return types.stream().filter(type -> versions.contains(HasMetadata.getVersion(type))).findFirst()
                .orElse(types.get(0));
    }

    /**
     * The pod template of a typed object of this kind, without copying it (a Pod's metadata and spec as one), or
     * empty when {@code object} is not of one of this kind's model classes; null parts of the object give a null
     * template.
     */
    public Optional<PodTemplateSpec> typedTemplate(HasMetadata object) {
        return types.stream().anyMatch(type -> type.isInstance(object))
                ? Optional.of(Optional.ofNullable(typedTemplate.apply(object)).orElseGet(PodTemplateSpec::new))
                : Optional.empty();
    }

    private static PodTemplateSpec cronJobTemplate(HasMetadata object) {
        if (object instanceof CronJob cronJob) {
            return Optional.ofNullable(cronJob.getSpec()).map(CronJobSpec::getJobTemplate)
                    .map(JobTemplateSpec::getSpec).map(JobSpec::getTemplate).orElse(null);
        }
        var legacy = (io.fabric8.kubernetes.api.model.batch.v1beta1.CronJob) object;
        return Optional.ofNullable(legacy.getSpec())
                .map(io.fabric8.kubernetes.api.model.batch.v1beta1.CronJobSpec::getJobTemplate)
                .map(io.fabric8.kubernetes.api.model.batch.v1beta1.JobTemplateSpec::getSpec)
                .map(JobSpec::getTemplate).orElse(null);
    }

    /** The kind for an object's {@code apiVersion} and {@code kind}, or empty when it runs no pods. */
    public static Optional<WorkloadKind> of(String apiVersion, String kind) {
        if (apiVersion == null || kind == null) {
            return Optional.empty();
        }
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        for (WorkloadKind candidate : values()) {
            if (candidate.kind.equals(kind) && (candidate.group.equals(group)
                    || "apps".equals(candidate.group) && LEGACY_APPS_GROUPS.contains(group))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The kind for an admission request's resource (group and plural resource name), or empty. */
    public static Optional<WorkloadKind> ofResource(String group, String resource) {
        for (WorkloadKind candidate : values()) {
            if (candidate.plural.equals(resource) && (candidate.group.equals(group == null ? "" : group)
                    || "apps".equals(candidate.group) && LEGACY_APPS_GROUPS.contains(group))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
