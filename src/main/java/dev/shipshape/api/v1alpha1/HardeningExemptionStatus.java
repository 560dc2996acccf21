package dev.shipshape.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

import java.util.ArrayList;
import java.util.List;

/** What the operator observed about a HardeningExemption: which policies honour it and what it exempts now. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HardeningExemptionStatus {

    @JsonPropertyDescription("The metadata.generation of the spec this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("Current conditions. Accepted is True when at least one policy honours the exemption, "
            + "False with the reason of each refusal otherwise (an exemption applied while the operator was down "
            + "that no policy allows is ignored).")
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("The policies that honour the exemption, by name.")
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private List<String> acceptedBy = new ArrayList<>();

    @JsonPropertyDescription("The policies the exemption asks for that refuse it, each with why.")
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private List<ExemptionRefusal> refusedBy = new ArrayList<>();

    @JsonPropertyDescription("Until when the exemption applies (its spec.expires); Expired once that has passed.")
    private String until;

    @JsonPropertyDescription("Expiring within 7 days of its expiry, Expired after; absent before that.")
    private ExemptionState state;

    @JsonPropertyDescription("Workloads with at least one finding the exemption currently exempts, from the last "
            + "audit of the policies that honour it.")
    private Integer exemptedWorkloads;

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

    public List<String> getAcceptedBy() {
        return acceptedBy;
    }

    public void setAcceptedBy(List<String> acceptedBy) {
        this.acceptedBy = acceptedBy;
    }

    public List<ExemptionRefusal> getRefusedBy() {
        return refusedBy;
    }

    public void setRefusedBy(List<ExemptionRefusal> refusedBy) {
        this.refusedBy = refusedBy;
    }

    public String getUntil() {
        return until;
    }

    public void setUntil(String until) {
        this.until = until;
    }

    public ExemptionState getState() {
        return state;
    }

    public void setState(ExemptionState state) {
        this.state = state;
    }

    public Integer getExemptedWorkloads() {
        return exemptedWorkloads;
    }

    public void setExemptedWorkloads(Integer exemptedWorkloads) {
        this.exemptedWorkloads = exemptedWorkloads;
    }
}
