package dev.shipshape.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.LabelSelector;

import java.util.ArrayList;
import java.util.List;

/**
 * Findings of the listed checks in the exemption's namespace, in workloads, containers and images that every set
 * glob matches, do not count as violations of the chosen policies until the exemption expires.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HardeningExemptionSpec {

    @JsonPropertyDescription("Names of the HardeningPolicies the exemption asks to be honoured by. Each must "
            + "delegate exemptions (spec.delegatedExemptions) to this namespace and these checks.")
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private List<String> policies = new ArrayList<>();

    @JsonPropertyDescription("Labels of the HardeningPolicies the exemption asks to be honoured by, besides those "
            + "named in policies, with Kubernetes label selector semantics.")
    @SchemaFrom(type = LabelSelectorSchema.class)
    private LabelSelector policySelector;

    @JsonPropertyDescription("Ids of the checks whose findings are exempt; at least one.")
    @Required
    @Size(min = 1)
    private List<String> checks = new ArrayList<>();

    @JsonPropertyDescription("Workload name globs (* and ?) in this namespace, matched against the workload "
            + "object's name (the Deployment's, not its Pods'). Empty means every workload in the namespace.")
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private List<String> workloads = new ArrayList<>();

    @JsonPropertyDescription("Container name globs (* and ?). When set, only findings of matching containers are "
            + "exempt, never pod-level findings. Empty means any container and the pod.")
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private List<String> containers = new ArrayList<>();

    @JsonPropertyDescription("Image globs (* and ?) matched against the container's image as written. When set, "
            + "pod-level findings are never exempt. Empty means any image.")
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private List<String> images = new ArrayList<>();

    @JsonPropertyDescription("Why the exemption is needed; shown with every exempt finding.")
    @Required
    @Size(min = 1)
    private String reason;

    @JsonPropertyDescription("When the exemption stops applying, as an RFC 3339 date-time such as "
            + "2027-01-31T00:00:00Z; at most the policy's delegatedExemptions.maxDays after creation.")
    @Required
    @JsonSerialize(using = DateTimeStringSerializer.class)
    private String expires;

    @JsonPropertyDescription("A ticket or link where the exemption was agreed, e.g. SEC-1234 or a URL; shown with "
            + "the reason.")
    private String ticket;

    public List<String> getPolicies() {
        return policies;
    }

    public void setPolicies(List<String> policies) {
        this.policies = policies;
    }

    public LabelSelector getPolicySelector() {
        return policySelector;
    }

    public void setPolicySelector(LabelSelector policySelector) {
        this.policySelector = policySelector;
    }

    public List<String> getChecks() {
        return checks;
    }

    public void setChecks(List<String> checks) {
        this.checks = checks;
    }

    public List<String> getWorkloads() {
        return workloads;
    }

    public void setWorkloads(List<String> workloads) {
        this.workloads = workloads;
    }

    public List<String> getContainers() {
        return containers;
    }

    public void setContainers(List<String> containers) {
        this.containers = containers;
    }

    public List<String> getImages() {
        return images;
    }

    public void setImages(List<String> images) {
        this.images = images;
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

    public String getTicket() {
        return ticket;
    }

    public void setTicket(String ticket) {
        this.ticket = ticket;
    }
}
