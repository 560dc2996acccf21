package dev.shipshape.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/**
 * A workload whose patch the API server refused. It is not tried again until the workload changes: the same patch
 * of the same version would be refused the same way.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RemediationFailure {

    @JsonPropertyDescription("The workload's kind, e.g. Deployment.")
    private String kind;

    @JsonPropertyDescription("The workload's namespace.")
    private String namespace;

    @JsonPropertyDescription("The workload's name.")
    private String name;

    @JsonPropertyDescription("Why the API server refused the patch, as it said (validation, an admission webhook, "
            + "permissions).")
    private String message;

    @JsonPropertyDescription("When the patch was refused.")
    @JsonSerialize(using = DateTimeStringSerializer.class)
    private String failedAt;

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public String getFailedAt() {
        return failedAt;
    }

    public void setFailedAt(String failedAt) {
        this.failedAt = failedAt;
    }
}
