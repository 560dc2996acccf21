package dev.shipshape.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

/** Counts of the existing workloads a policy matches. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PolicySummary {

    @JsonPropertyDescription("Existing workloads the policy matches.")
    private int workloads;

    @JsonPropertyDescription("Matched workloads without findings.")
    private int compliant;

    @JsonPropertyDescription("Matched workloads with at least one violation.")
    private int violating;

    @JsonPropertyDescription("Matched workloads whose findings are all exempt.")
    private int exempt;

    @JsonPropertyDescription("Violations in matched workloads by severity.")
    @JsonSetter(nulls = Nulls.SKIP)
    private ViolationCounts violations = new ViolationCounts();

    public int getWorkloads() {
        return workloads;
    }

    public void setWorkloads(int workloads) {
        this.workloads = workloads;
    }

    public int getCompliant() {
        return compliant;
    }

    public void setCompliant(int compliant) {
        this.compliant = compliant;
    }

    public int getViolating() {
        return violating;
    }

    public void setViolating(int violating) {
        this.violating = violating;
    }

    public int getExempt() {
        return exempt;
    }

    public void setExempt(int exempt) {
        this.exempt = exempt;
    }

    public ViolationCounts getViolations() {
        return violations;
    }

    public void setViolations(ViolationCounts violations) {
        this.violations = violations;
    }
}
