package dev.shipshape.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.fabric8.generator.annotation.Required;

import java.util.ArrayList;
import java.util.List;

/** Which part of the cluster decides the policy's checks at admission. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EnforcementStatus {

    @JsonPropertyDescription("AdmissionPolicy when generated ValidatingAdmissionPolicies decide the policy's checks "
            + "in the API server, Webhook when Shipshape's admission webhook decides them all.")
    @Required
    private String path;

    @JsonPropertyDescription("Why this path: what spec.enforcement asked and whether the API server serves "
            + "ValidatingAdmissionPolicies.")
    @Required
    private String reason;

    @JsonPropertyDescription("The ValidatingAdmissionPolicies (each with a binding of the same name) generated from "
            + "the policy, one per admission action its checks lead to.")
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private List<String> admissionPolicies = new ArrayList<>();

    @JsonPropertyDescription("The checks the generated ValidatingAdmissionPolicies decide.")
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private List<String> admissionPolicyChecks = new ArrayList<>();

    @JsonPropertyDescription("On the AdmissionPolicy path, the checks that the webhook still decides because CEL "
            + "cannot decide them exactly, each with why.")
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private List<WebhookCheck> webhookChecks = new ArrayList<>();

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public List<String> getAdmissionPolicies() {
        return admissionPolicies;
    }

    public void setAdmissionPolicies(List<String> admissionPolicies) {
        this.admissionPolicies = admissionPolicies;
    }

    public List<String> getAdmissionPolicyChecks() {
        return admissionPolicyChecks;
    }

    public void setAdmissionPolicyChecks(List<String> admissionPolicyChecks) {
        this.admissionPolicyChecks = admissionPolicyChecks;
    }

    public List<WebhookCheck> getWebhookChecks() {
        return webhookChecks;
    }

    public void setWebhookChecks(List<WebhookCheck> webhookChecks) {
        this.webhookChecks = webhookChecks;
    }
}
