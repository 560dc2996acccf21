package dev.shipshape.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything known about a check besides its predicate: what the catalogue, the docs, messages and
 * policy validation need.
 *
 * @param id stable kebab-case id used in policies, findings and metrics
 * @param title short human name
 * @param category area of hardening
 * @param profile the lowest profile that includes the check
 * @param severity default severity; policies may override it
 * @param fields the manifest fields the check reads, relative to the pod ({@code spec.}, {@code metadata.})
 * @param why why the check matters, for the docs
 * @param fix how to fix a finding, one line
 * @param remediation what the automatic remediation fills in, or null when the check has none
 * @param params parameters a policy may set
 * @param overrides ids of checks this one replaces while it is active (as Pod Security Admission does)
 * @param podSecurityControl the Pod Security Standards control this check implements, or null
 * @param podSecuritySince the Kubernetes 1.x minor version from which Pod Security Admission runs the control; at
 *                         an older {@link PodSecurityVersion} the check does not run. 0 for checks of no control.
 * @param podSecurityChanges how the control's decisions changed in later versions, oldest first
 */
public record CheckDescriptor(String id, String title, Category category, Profile profile, Severity severity,
                              List<String> fields, String why, String fix, String remediation,
                              List<CheckParam> params, List<String> overrides, String podSecurityControl,
                              int podSecuritySince, List<PodSecurityChange> podSecurityChanges) {

    public CheckDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(why, "why");
        Objects.requireNonNull(fix, "fix");
        fields = List.copyOf(fields);
        params = List.copyOf(params);
        overrides = List.copyOf(overrides);
        podSecurityChanges = List.copyOf(podSecurityChanges);
    }

    /** True when the check runs at {@code version}: it implements no control, or the control exists there. */
    public boolean existsAt(PodSecurityVersion version) {
        return version.atLeast(podSecuritySince);
    }

    /**
     * A change to a Pod Security Standards control's decisions.
     *
     * @param minor the Kubernetes 1.x minor version from which Pod Security Admission decides the new way
     * @param change what changed, one sentence
     */
    public record PodSecurityChange(int minor, String change) {
    }

    public boolean remediable() {
        return remediation != null;
    }

    public java.util.Optional<CheckParam> param(String name) {
        return params.stream().filter(param -> param.name().equals(name)).findFirst();
    }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    public static final class Builder {
        private final String id;
        private String title;
        private Category category;
        private Profile profile;
        private Severity severity;
        private final List<String> fields = new ArrayList<>();
        private String why;
        private String fix;
        private String remediation;
        private final List<CheckParam> params = new ArrayList<>();
        private final List<String> overrides = new ArrayList<>();
        private String podSecurityControl;
        private int podSecuritySince;
        private final List<PodSecurityChange> podSecurityChanges = new ArrayList<>();

        private Builder(String id) {
            this.id = id;
        }

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder category(Category category) {
            this.category = category;
            return this;
        }

        public Builder profile(Profile profile) {
            this.profile = profile;
            return this;
        }

        public Builder severity(Severity severity) {
            this.severity = severity;
            return this;
        }

        public Builder fields(String... fields) {
            this.fields.addAll(List.of(fields));
            return this;
        }

        public Builder why(String why) {
            this.why = why;
            return this;
        }

        public Builder fix(String fix) {
            this.fix = fix;
            return this;
        }

        public Builder remediation(String remediation) {
            this.remediation = remediation;
            return this;
        }

        public Builder param(CheckParam param) {
            this.params.add(param);
            return this;
        }

        public Builder overrides(String... checkIds) {
            this.overrides.addAll(List.of(checkIds));
            return this;
        }

        /** The Pod Security Standards control, run by Pod Security Admission since version 1.0. */
        public Builder podSecurityControl(String control) {
            return podSecurityControl(control, 0);
        }

        /** The Pod Security Standards control, run by Pod Security Admission since version 1.{@code sinceMinor}. */
        public Builder podSecurityControl(String control, int sinceMinor) {
            this.podSecurityControl = control;
            this.podSecuritySince = sinceMinor;
            return this;
        }

        /** From version 1.{@code minor} on, the control decides as {@code change} says. */
        public Builder podSecurityChange(int minor, String change) {
            this.podSecurityChanges.add(new PodSecurityChange(minor, change));
            return this;
        }

        public CheckDescriptor build() {
            return new CheckDescriptor(id, title, category, profile, severity, fields, why, fix, remediation,
                    params, overrides, podSecurityControl, podSecuritySince, podSecurityChanges);
        }
    }
}
