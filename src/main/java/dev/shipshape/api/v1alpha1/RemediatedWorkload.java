package dev.shipshape.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import java.util.ArrayList;
import java.util.List;

/** A workload whose pod template remediation filled in, or would fill in with DryRun. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RemediatedWorkload {

    @JsonPropertyDescription("The workload's kind, e.g. Deployment.")
    private String kind;

    @JsonPropertyDescription("The workload's namespace.")
    private String namespace;

    @JsonPropertyDescription("The workload's name.")
    private String name;

    @JsonPropertyDescription("The fields filled in, as JSON pointers into the workload.")
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private List<String> fields = new ArrayList<>();

    @JsonPropertyDescription("When the operator patched the workload; absent with DryRun, which changes nothing.")
    @JsonSerialize(using = DateTimeStringSerializer.class)
    private String patchedAt;

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

    public List<String> getFields() {
        return fields;
    }

    public void setFields(List<String> fields) {
        this.fields = fields;
    }

    public String getPatchedAt() {
        return patchedAt;
    }

    public void setPatchedAt(String patchedAt) {
        this.patchedAt = patchedAt;
    }
}
