package dev.shipshape.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import java.util.ArrayList;
import java.util.List;

/**
 * Findings that do not count as violations: those of the listed checks in workloads that every set selector
 * matches, until the exemption expires.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PolicyExemption {

    @JsonPropertyDescription("Ids of the checks whose findings are exempt. Empty means every check, which "
            + "requires at least one selector.")
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private List<String> checks = new ArrayList<>();

    @JsonPropertyDescription("Namespace globs (* and ?) the workload must be in. Empty means any namespace.")
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private List<String> namespaces = new ArrayList<>();

    @JsonPropertyDescription("Workload name globs (* and ?), matched against the name of the workload object, "
            + "e.g. the Deployment's. Empty means any workload.")
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private List<String> workloads = new ArrayList<>();

    @JsonPropertyDescription("Container name globs (* and ?). When set, only container findings of matching "
            + "containers are exempt, never pod-level findings. Empty means any container and the pod.")
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private List<String> containers = new ArrayList<>();

    @JsonPropertyDescription("Image globs (* and ?) matched against the container's image as written, e.g. "
            + "registry.example.com/vendor/*. When set, pod-level findings are never exempt. Empty means any image.")
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private List<String> images = new ArrayList<>();

    @JsonPropertyDescription("Why the exemption exists; shown with every exempt finding.")
    @Required
    @Size(min = 1)
    private String reason;

    @JsonPropertyDescription("When the exemption stops applying, as an RFC 3339 date-time such as "
            + "2027-01-31T00:00:00Z. Findings it covered then count again and are reported as covered by an "
            + "expired exemption. Unset means never.")
    @JsonSerialize(using = DateTimeStringSerializer.class)
    private String expires;

    public List<String> getChecks() {
        return checks;
    }

    public void setChecks(List<String> checks) {
        this.checks = checks;
    }

    public List<String> getNamespaces() {
        return namespaces;
    }

    public void setNamespaces(List<String> namespaces) {
        this.namespaces = namespaces;
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
}
