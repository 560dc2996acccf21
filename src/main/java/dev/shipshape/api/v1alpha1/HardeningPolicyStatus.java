package dev.shipshape.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import java.util.ArrayList;
import java.util.List;

/** What the operator observed about a HardeningPolicy: whether it is valid and how compliant workloads are. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HardeningPolicyStatus {

    @JsonPropertyDescription("The metadata.generation of the spec this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("Current conditions. Ready is True when the spec is valid and the policy is in "
            + "effect, False with a message listing every problem otherwise.")
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("Counts of the existing workloads the policy matches, from the last audit.")
    private PolicySummary summary;

    @JsonPropertyDescription("The share of matched workloads that do not violate the policy (compliant or "
            + "exempt), as a decimal string with two digits rounded down, such as \"0.81\"; \"1.00\" when no "
            + "workload is matched.")
    private String complianceRatio;

    @JsonPropertyDescription("Matched workloads that Enforce mode would deny now, i.e. with a violation at or "
            + "above denySeverity; check it before switching to Enforce.")
    private Integer wouldDeny;

    @JsonPropertyDescription("Which part of the cluster decides the policy's checks at admission, and which checks "
            + "stay with the webhook; absent while the spec is invalid.")
    private EnforcementStatus enforcement;

    @JsonPropertyDescription("The checks with the most violating workloads, most first; capped at a few entries.")
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private List<CheckCount> topViolations = new ArrayList<>();

    @JsonPropertyDescription("What remediation of existing workloads did (Patch) or would do (DryRun); absent "
            + "when remediation.existing is None.")
    private RemediationStatus remediation;

    @JsonPropertyDescription("Exemptions that expire within 7 days or have expired, in spec order; exemptions "
            + "without an expiry or further off are not listed. Admission and the audit stop honouring an exemption "
            + "the moment it expires; Warning Events on the policy announce it 7 days and 1 day ahead.")
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private List<ExemptionStatus> exemptions = new ArrayList<>();

    @JsonPropertyDescription("When existing workloads were last audited against this policy.")
    @JsonSerialize(using = DateTimeStringSerializer.class)
    private String lastAuditTime;

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public PolicySummary getSummary() {
        return summary;
    }

    public void setSummary(PolicySummary summary) {
        this.summary = summary;
    }

    public String getComplianceRatio() {
        return complianceRatio;
    }

    public void setComplianceRatio(String complianceRatio) {
        this.complianceRatio = complianceRatio;
    }

    public EnforcementStatus getEnforcement() {
        return enforcement;
    }

    public void setEnforcement(EnforcementStatus enforcement) {
        this.enforcement = enforcement;
    }

    public Integer getWouldDeny() {
        return wouldDeny;
    }

    public void setWouldDeny(Integer wouldDeny) {
        this.wouldDeny = wouldDeny;
    }

    public List<CheckCount> getTopViolations() {
        return topViolations;
    }

    public void setTopViolations(List<CheckCount> topViolations) {
        this.topViolations = topViolations;
    }

    public RemediationStatus getRemediation() {
        return remediation;
    }

    public void setRemediation(RemediationStatus remediation) {
        this.remediation = remediation;
    }

    public List<ExemptionStatus> getExemptions() {
        return exemptions;
    }

    public void setExemptions(List<ExemptionStatus> exemptions) {
        this.exemptions = exemptions;
    }

    public String getLastAuditTime() {
        return lastAuditTime;
    }

    public void setLastAuditTime(String lastAuditTime) {
        this.lastAuditTime = lastAuditTime;
    }
}
