package dev.shipshape.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.fabric8.generator.annotation.Required;

/** An exemption of the policy that expires within 7 days or has expired. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExemptionStatus {

    @JsonPropertyDescription("The exemption's position in spec.exemptions, from 0.")
    @Required
    private int index;

    @JsonPropertyDescription("The exemption's reason.")
    private String reason;

    @JsonPropertyDescription("When the exemption expires or expired.")
    @JsonSerialize(using = DateTimeStringSerializer.class)
    @Required
    private String expires;

    @JsonPropertyDescription("Expiring: it expires within 7 days and still applies. Expired: its findings count "
            + "again; remove it from spec.exemptions or extend it.")
    @Required
    private ExemptionState state;

    public int getIndex() {
        return index;
    }

    public void setIndex(int index) {
        this.index = index;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getExpires() {
        return expires;
    }

    public void setExpires(String expires) {
        this.expires = expires;
    }

    public ExemptionState getState() {
        return state;
    }

    public void setState(ExemptionState state) {
        this.state = state;
    }
}
