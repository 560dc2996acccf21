package dev.shipshape.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.fabric8.generator.annotation.Required;

/** One aspect of a policy's state, shaped like Kubernetes' metav1.Condition. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {

    @JsonPropertyDescription("The aspect this condition describes, in CamelCase, e.g. Ready.")
    @Required
    private String type;

    @JsonPropertyDescription("Whether the aspect holds: True, False or Unknown.")
    @Required
    private ConditionStatus status;

    @JsonPropertyDescription("A CamelCase word for why the condition has its status, e.g. Valid or InvalidSpec.")
    private String reason;

    @JsonPropertyDescription("Details for people, e.g. every problem of an invalid spec, one per line.")
    private String message;

    @JsonPropertyDescription("The metadata.generation the condition was set from.")
    private Long observedGeneration;

    @JsonPropertyDescription("When the status last changed.")
    @JsonSerialize(using = DateTimeStringSerializer.class)
    private String lastTransitionTime;

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public ConditionStatus getStatus() {
        return status;
    }

    public void setStatus(ConditionStatus status) {
        this.status = status;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public String getLastTransitionTime() {
        return lastTransitionTime;
    }

    public void setLastTransitionTime(String lastTransitionTime) {
        this.lastTransitionTime = lastTransitionTime;
    }
}
