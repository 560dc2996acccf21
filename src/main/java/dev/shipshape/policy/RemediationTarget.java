package dev.shipshape.policy;

/**
 * Where a remediation may act: the places that have a finding of the check that no exemption covers.
 * A remediation never changes anything that applies to a container outside the target.
 */
public interface RemediationTarget {

    /**
     * True when this container has an unexempted finding of the check. Never true for ephemeral containers:
     * the API does not let their spec change, so remediations need not check for them.
     */
    boolean includes(ContainerRef container);

    /**
     * True when no finding of the check was exempted, so pod-level fields (which apply to every container)
     * may be set.
     */
    boolean podLevelAllowed();
}
