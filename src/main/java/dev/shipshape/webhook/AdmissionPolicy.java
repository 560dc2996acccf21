package dev.shipshape.webhook;

import dev.shipshape.api.v1alpha1.AdmissionRemediation;
import dev.shipshape.api.v1alpha1.Mode;
import dev.shipshape.policy.CompiledPolicy;

/**
 * A valid HardeningPolicy as admission uses it.
 *
 * @param compiled the compiled checks, match rules and exemptions
 * @param mode what happens to violations
 * @param admission whether admission fills in missing fields
 */
public record AdmissionPolicy(CompiledPolicy compiled, Mode mode, AdmissionRemediation admission) {

    public String name() {
        return compiled.name();
    }
}
