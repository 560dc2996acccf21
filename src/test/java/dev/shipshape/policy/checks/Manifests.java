package dev.shipshape.policy.checks;

/** Manifests of different kinds around a pod spec fragment, for the checks' tests. */
final class Manifests {

    private Manifests() {
    }

    static String deployment(String podSpec) {
        return "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n"
                + podSpec.indent(6);
    }

    static String job(String podSpec) {
        return "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n"
                + "      restartPolicy: Never\n" + podSpec.indent(6);
    }

    static String cronJob(String podSpec) {
        return "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: '@daily'\n"
                + "  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n"
                + podSpec.indent(10);
    }

    /** A bare Pod that sets no restart policy. */
    static String pod(String podSpec) {
        return pod(null, podSpec);
    }

    /** A bare Pod; {@code restartPolicy} null leaves the field out. */
    static String pod(String restartPolicy, String podSpec) {
        return "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
                + (restartPolicy == null ? "" : "  restartPolicy: " + restartPolicy + "\n") + podSpec.indent(2);
    }
}
