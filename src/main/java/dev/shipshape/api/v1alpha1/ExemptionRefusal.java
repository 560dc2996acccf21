package dev.shipshape.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A policy that a HardeningExemption asks for and that refuses it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExemptionRefusal {

    @JsonPropertyDescription("The HardeningPolicy's name.")
    private String policy;

    @JsonPropertyDescription("Why it refuses the exemption, e.g. that it does not delegate the check.")
    private String reason;

    public String getPolicy() {
        return policy;
    }

    public void setPolicy(String policy) {
        this.policy = policy;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }
}
