package dev.shipshape.workload;

import dev.shipshape.policy.FieldPath;

import java.util.List;
import java.util.Optional;

/**
 * A kind of object that runs pods, with where its pod template sits. Versions are not listed: any version
 * of the group is read the same way (so batch/v1beta1 CronJobs and apps/v1beta2 Deployments work).
 */
public enum WorkloadKind {
    POD("", "Pod", "pods", FieldPath.of("metadata"), FieldPath.of("spec"), false),
    DEPLOYMENT("apps", "Deployment", "deployments", template("spec"), templateSpec("spec"), false),
    STATEFUL_SET("apps", "StatefulSet", "statefulsets", template("spec"), templateSpec("spec"), false),
    DAEMON_SET("apps", "DaemonSet", "daemonsets", template("spec"), templateSpec("spec"), false),
    REPLICA_SET("apps", "ReplicaSet", "replicasets", template("spec"), templateSpec("spec"), false),
    REPLICATION_CONTROLLER("", "ReplicationController", "replicationcontrollers", template("spec"),
            templateSpec("spec"), false),
    JOB("batch", "Job", "jobs", template("spec"), templateSpec("spec"), true),
    CRON_JOB("batch", "CronJob", "cronjobs", template("spec", "jobTemplate", "spec"),
            templateSpec("spec", "jobTemplate", "spec"), true),
    POD_TEMPLATE("", "PodTemplate", "podtemplates", FieldPath.of("template", "metadata"),
            FieldPath.of("template", "spec"), false);

    /** The Pod subresource through which ephemeral containers are added (what {@code kubectl debug} updates). */
    public static final String EPHEMERAL_CONTAINERS = "ephemeralcontainers";

    private static final List<String> LEGACY_APPS_GROUPS = List.of("extensions");

    private final String group;
    private final String kind;
    private final String plural;
    private final FieldPath podMetadataPath;
    private final FieldPath podSpecPath;
    private final boolean batch;

    WorkloadKind(String group, String kind, String plural, FieldPath podMetadataPath, FieldPath podSpecPath,
                 boolean batch) {
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
    public String group() {
        return group;
    }

    public String kind() {
        return kind;
    }

    /** The resource name, as in admission requests and RBAC rules. */
    public String plural() {
        return plural;
    }

    public FieldPath podMetadataPath() {
        return podMetadataPath;
    }

    public FieldPath podSpecPath() {
        return podSpecPath;
    }

    /** True for kinds whose pods run to completion. */
    public boolean batch() {
        return batch;
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
