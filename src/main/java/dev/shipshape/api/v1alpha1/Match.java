package dev.shipshape.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.LabelSelector;

import java.util.ArrayList;
import java.util.List;

/** Which workloads a policy applies to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Match {

    @JsonPropertyDescription("Namespaces the policy applies to, as globs where * matches any run of characters and "
            + "? one character. Empty means every namespace.")
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private List<String> namespaces = new ArrayList<>();

    @JsonPropertyDescription("Namespaces the policy never applies to, as globs; wins over namespaces.")
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private List<String> excludedNamespaces = new ArrayList<>();

    @JsonPropertyDescription("Labels the workload's namespace must have, with Kubernetes label selector semantics. "
            + "Unset or empty matches every namespace.")
    @SchemaFrom(type = LabelSelectorSchema.class)
    private LabelSelector namespaceSelector;

    @JsonPropertyDescription("Labels the workload object itself (not its pod template) must have, with Kubernetes "
            + "label selector semantics. Unset or empty matches every workload.")
    @SchemaFrom(type = LabelSelectorSchema.class)
    private LabelSelector objectSelector;

    @JsonPropertyDescription("Workload kinds the policy applies to: Pod, Deployment, StatefulSet, DaemonSet, "
            + "ReplicaSet, ReplicationController, Job, CronJob, PodTemplate. Empty means every kind.")
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private List<String> kinds = new ArrayList<>();

    public List<String> getNamespaces() {
        return namespaces;
    }

    public void setNamespaces(List<String> namespaces) {
        this.namespaces = namespaces;
    }

    public List<String> getExcludedNamespaces() {
        return excludedNamespaces;
    }

    public void setExcludedNamespaces(List<String> excludedNamespaces) {
        this.excludedNamespaces = excludedNamespaces;
    }

    public LabelSelector getNamespaceSelector() {
        return namespaceSelector;
    }

    public void setNamespaceSelector(LabelSelector namespaceSelector) {
        this.namespaceSelector = namespaceSelector;
    }

    public LabelSelector getObjectSelector() {
        return objectSelector;
    }

    public void setObjectSelector(LabelSelector objectSelector) {
        this.objectSelector = objectSelector;
    }

    public List<String> getKinds() {
        return kinds;
    }

    public void setKinds(List<String> kinds) {
        this.kinds = kinds;
    }
}
