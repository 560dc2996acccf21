package dev.shipshape.audit;

import dev.shipshape.api.v1alpha1.HardeningPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;

/**
 * A finalizer an earlier version of the operator put on policies and no controller removes any more. It is taken
 * off with a JSON patch that first tests the entry at its index, so a concurrent change to the list (another
 * controller removing its own finalizer) fails the patch instead of removing the wrong entry; the change that
 * moved the entry is an event of its own, and the next reconcile tries again with the fresh list.
 */
final class FormerFinalizer {

    private static final Logger LOG = Logger.getLogger(FormerFinalizer.class);
    private static final int CONFLICT = 409;
    private static final int NOT_FOUND = 404;
    private static final int UNPROCESSABLE = 422;

    private final KubernetesClient client;
    private final String name;

    FormerFinalizer(KubernetesClient client, String name) {
        this.client = client;
        this.name = name;
    }

    /** Removes the finalizer from the policy when its cached copy still carries it. */
    void remove(HardeningPolicy policy) {
        int index = policy.getMetadata().getFinalizers().indexOf(name);
        if (index < 0) {
            return;
        }
        String path = "/metadata/finalizers/" + index;
        try {
            client.resources(HardeningPolicy.class).withName(policy.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON), client.getKubernetesSerialization().asJson(List.of(
                            Map.of("op", "test", "path", path, "value", name),
                            Map.of("op", "remove", "path", path))));
            LOG.infof("removed the former finalizer %s from policy %s", name, policy.getMetadata().getName());
        } catch (KubernetesClientException e) {
            if (e.getCode() != CONFLICT && e.getCode() != NOT_FOUND && e.getCode() != UNPROCESSABLE) {
                throw e;
            }
            LOG.debugf("former finalizer of policy %s moved or gone (%d); the next event retries",
                    policy.getMetadata().getName(), e.getCode());
        }
    }
}
