package dev.shipshape.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

import java.util.ArrayList;
import java.util.List;

/** The desired behaviour of a HardeningPolicy. Unset fields take the defaults documented on each field. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HardeningPolicySpec {

    /** The values of {@code podSecurityVersion}, checked by the API server through the CRD's schema. */
    public static final String POD_SECURITY_VERSION_FORMAT = "^(latest|v1\\.(0|[1-9][0-9]{0,3}))$";

    @JsonPropertyDescription("The check profile the policy starts from. Profiles are cumulative: baseline decides as "
            + "Pod Security Standards baseline, restricted as Pod Security Standards restricted, hardened adds "
            + "read-only root filesystems, resource requests and limits, probes, pinned images, no secret "
            + "literals in env vars and no automounted service account tokens.")
    @Default("hardened")
    @JsonSetter(nulls = Nulls.SKIP)
    private ProfileName profile = ProfileName.hardened;

    @JsonPropertyDescription("The Pod Security Standards version whose rules the baseline and restricted checks "
            + "follow, as Pod Security Admission's enforce-version label: latest, or v1.N to decide exactly as Pod "
            + "Security Admission of Kubernetes 1.N does (controls it did not have yet do not run; relaxations it did "
            + "not have yet do not apply). Versions newer than Shipshape knows decide as latest.")
    @Default("latest")
    @Pattern(POD_SECURITY_VERSION_FORMAT)
    @JsonSetter(nulls = Nulls.SKIP)
    private String podSecurityVersion = "latest";

    @JsonPropertyDescription("What happens to violations at admission. Enforce denies workloads with violations at "
            + "or above denySeverity and returns the rest as warnings; Warn admits and returns every violation as "
            + "a warning; Audit admits silently. Every mode audits existing workloads and reports in status.")
    @Default("Audit")
    @JsonSetter(nulls = Nulls.SKIP)
    private Mode mode = Mode.Audit;

    @JsonPropertyDescription("In Enforce mode, violations at or above this severity deny admission; less serious "
            + "ones become admission warnings. Also the threshold for status.wouldDeny.")
    @Default("low")
    @JsonSetter(nulls = Nulls.SKIP)
    private SeverityName denySeverity = SeverityName.low;

    @JsonPropertyDescription("Which part of the cluster decides the checks at admission. Auto: "
            + "ValidatingAdmissionPolicies that Shipshape generates from the policy and the API server evaluates "
            + "itself (Kubernetes 1.30+: no network hop, and they keep enforcing while the operator is down) decide "
            + "every check CEL can decide exactly, the webhook the rest (listed in status.enforcement); where the API "
            + "server serves no ValidatingAdmissionPolicy, the webhook decides everything. Webhook: the webhook "
            + "decides everything. AdmissionPolicy: as Auto, except that the checks CEL cannot decide are not decided "
            + "at admission at all (only audited), so that the policy needs no webhook. On generated policies, "
            + "objects a workload controller created (Pods of a ReplicaSet) are judged by their owner's template.")
    @Default("Auto")
    @JsonSetter(nulls = Nulls.SKIP)
    private Enforcement enforcement = Enforcement.Auto;

    @JsonPropertyDescription("Which workloads the policy applies to. A workload must pass every rule that is set; "
            + "unset rules match everything.")
    @JsonSetter(nulls = Nulls.SKIP)
    private Match match = new Match();

    @JsonPropertyDescription("Changes to the profile's checks: change a check's severity or parameters, disable it, "
            + "or add a check from a higher profile. At most one entry per check id.")
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private List<CheckOverride> checks = new ArrayList<>();

    @JsonPropertyDescription("Findings that do not count as violations. A finding is exempt when an unexpired "
            + "exemption lists its check (or lists no checks) and every selector the exemption sets matches it.")
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    private List<PolicyExemption> exemptions = new ArrayList<>();

    @JsonPropertyDescription("What app teams may exempt themselves from with HardeningExemptions in their "
            + "namespaces, without editing this policy. Unset means the policy honours no HardeningExemption.")
    private DelegatedExemptions delegatedExemptions;

    @JsonPropertyDescription("Whether workloads may exempt themselves from checks with the annotation "
            + "shipshape.dev/exempt, a comma-separated list of check ids. Ignored unless true.")
    @Default("false")
    private boolean allowAnnotationExemptions;

    @JsonPropertyDescription("Automatic fixes: filling in missing hardening fields at admission and patching "
            + "existing workloads. Off by default.")
    @JsonSetter(nulls = Nulls.SKIP)
    private RemediationSettings remediation = new RemediationSettings();

    public ProfileName getProfile() {
        return profile;
    }

    public void setProfile(ProfileName profile) {
        this.profile = profile;
    }

    public String getPodSecurityVersion() {
        return podSecurityVersion;
    }

    public void setPodSecurityVersion(String podSecurityVersion) {
        this.podSecurityVersion = podSecurityVersion;
    }

    public Mode getMode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    public Enforcement getEnforcement() {
        return enforcement;
    }

    public void setEnforcement(Enforcement enforcement) {
        this.enforcement = enforcement;
    }

    public SeverityName getDenySeverity() {
        return denySeverity;
    }

    public void setDenySeverity(SeverityName denySeverity) {
        this.denySeverity = denySeverity;
    }

    public Match getMatch() {
        return match;
    }

    public void setMatch(Match match) {
        this.match = match;
    }

    public List<CheckOverride> getChecks() {
        return checks;
    }

    public void setChecks(List<CheckOverride> checks) {
        this.checks = checks;
    }

    public List<PolicyExemption> getExemptions() {
        return exemptions;
    }

    public void setExemptions(List<PolicyExemption> exemptions) {
        this.exemptions = exemptions;
    }

    public DelegatedExemptions getDelegatedExemptions() {
        return delegatedExemptions;
    }

    public void setDelegatedExemptions(DelegatedExemptions delegatedExemptions) {
        this.delegatedExemptions = delegatedExemptions;
    }

    public boolean isAllowAnnotationExemptions() {
        return allowAnnotationExemptions;
    }

    public void setAllowAnnotationExemptions(boolean allowAnnotationExemptions) {
        this.allowAnnotationExemptions = allowAnnotationExemptions;
    }

    public RemediationSettings getRemediation() {
        return remediation;
    }

    public void setRemediation(RemediationSettings remediation) {
        this.remediation = remediation;
    }
}
