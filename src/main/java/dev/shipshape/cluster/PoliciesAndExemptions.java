package dev.shipshape.cluster;

import dev.shipshape.api.v1alpha1.HardeningExemption;
import dev.shipshape.policy.CompiledPolicy;

import java.util.List;
import java.util.Map;

/** The valid HardeningPolicies and the HardeningExemptions as a replica's informers hold them. */
public interface PoliciesAndExemptions {

    /** True once the first lists have arrived. */
    boolean synced();

    /** The valid policies without the HardeningExemptions they honour, each with its labels. */
    Map<CompiledPolicy, Map<String, String>> validPolicies();

    /** The HardeningExemptions as stored, valid or not; empty when the API server serves none. */
    List<HardeningExemption> exemptions();
}
