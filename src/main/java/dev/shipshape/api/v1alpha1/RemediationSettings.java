package dev.shipshape.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.fabric8.generator.annotation.Default;

/** Automatic fixes. Remediations only fill in missing fields and never override a value set explicitly. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RemediationSettings {

    @JsonPropertyDescription("None: admission never changes workloads. Mutate: admission fills in missing "
            + "hardening fields of matched workloads through a JSON patch before checking them.")
    @Default("None")
    @JsonSetter(nulls = Nulls.SKIP)
    private AdmissionRemediation admission = AdmissionRemediation.None;

    @JsonPropertyDescription("None: existing workloads are only reported. DryRun: status.remediation lists the "
            + "workloads Patch would change and with which fields, and nothing is changed. Patch: the operator "
            + "patches the pod templates of existing matched workloads with the missing hardening fields (never "
            + "overriding a value set explicitly, never touching bare Pods), which rolls their pods.")
    @Default("None")
    @JsonSetter(nulls = Nulls.SKIP)
    private ExistingRemediation existing = ExistingRemediation.None;

    public AdmissionRemediation getAdmission() {
        return admission;
    }

    public void setAdmission(AdmissionRemediation admission) {
        this.admission = admission;
    }

    public ExistingRemediation getExisting() {
        return existing;
    }

    public void setExisting(ExistingRemediation existing) {
        this.existing = existing;
    }
}
