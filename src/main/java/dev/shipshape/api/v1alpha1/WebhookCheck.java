package dev.shipshape.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A check that the admission webhook decides although the policy's checks are on generated admission policies. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WebhookCheck {

    @JsonPropertyDescription("The check's id.")
    @Required
    private String check;

    @JsonPropertyDescription("Why a generated admission policy cannot decide it exactly.")
    @Required
    private String reason;

    public WebhookCheck() {
    }

    public WebhookCheck(String check, String reason) {
        this.check = check;
        this.reason = reason;
    }

    public String getCheck() {
        return check;
    }

    public void setCheck(String check) {
        this.check = check;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }
}
