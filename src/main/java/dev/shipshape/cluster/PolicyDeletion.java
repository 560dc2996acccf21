package dev.shipshape.cluster;

import dev.shipshape.api.v1alpha1.HardeningPolicy;

/**
 * A CDI event: the HardeningPolicy is being deleted. Fired on the leader by the one controller that holds the
 * policy's finalizer (the webhooks controller), before that finalizer is removed, so everything else the leader
 * keeps for the policy is let go of in one place and no second finalizer races for the same object.
 *
 * @param policy the policy as last seen, marked for deletion
 */
public record PolicyDeletion(HardeningPolicy policy) {
}
