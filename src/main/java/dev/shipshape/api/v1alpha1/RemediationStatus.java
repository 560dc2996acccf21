package dev.shipshape.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

import java.util.ArrayList;
import java.util.List;

/** What remediation of existing workloads did, or with DryRun would do. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RemediationStatus {

    @JsonPropertyDescription("Matched workloads with a pod template that misses fields remediation fills in: "
            + "what DryRun would patch, or what Patch has still to patch (not counting those in failed).")
    private int pending;

    @JsonPropertyDescription("Workloads whose patch the API server refused at their current version; each is tried "
            + "again when it changes.")
    private int failed;

    @JsonPropertyDescription("Workloads the operator has patched for this policy.")
    private int patched;

    @JsonPropertyDescription("The latest patched workloads (with DryRun: the workloads Patch would change), "
            + "newest first, capped at 20.")
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private List<RemediatedWorkload> recent = new ArrayList<>();

    @JsonPropertyDescription("The workloads counted in failed, with the API server's reason, newest first, capped at "
            + "20. Each also has a Warning event RemediationFailed.")
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private List<RemediationFailure> failures = new ArrayList<>();

    public int getPending() {
        return pending;
    }

    public void setPending(int pending) {
        this.pending = pending;
    }

    public int getFailed() {
        return failed;
    }

    public void setFailed(int failed) {
        this.failed = failed;
    }

    public int getPatched() {
        return patched;
    }

    public void setPatched(int patched) {
        this.patched = patched;
    }

    public List<RemediatedWorkload> getRecent() {
        return recent;
    }

    public void setRecent(List<RemediatedWorkload> recent) {
        this.recent = recent;
    }

    public List<RemediationFailure> getFailures() {
        return failures;
    }

    public void setFailures(List<RemediationFailure> failures) {
        this.failures = failures;
    }
}
