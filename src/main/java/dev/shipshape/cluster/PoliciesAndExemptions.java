package dev.shipshape.cluster;

import dev.shipshape.api.v1alpha1.HardeningExemption;
import dev.shipshape.policy.LabelledPolicy;

import java.util.List;

/** The valid HardeningPolicies and the HardeningExemptions as a replica's informers hold them. */
public interface PoliciesAndExemptions {

    /** True once the first lists have arrived. */
    boolean synced();

    /** The valid policies without the HardeningExemptions they honour, each with its labels. */
    List<LabelledPolicy> validPolicies();

    /** The HardeningExemptions as stored, valid or not; empty when the API server serves none. */
    List<HardeningExemption> exemptions();
}
