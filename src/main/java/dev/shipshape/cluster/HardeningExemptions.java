package dev.shipshape.cluster;

import dev.shipshape.api.v1alpha1.HardeningExemption;
import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.policy.ExemptionRequest;
import dev.shipshape.policy.ExemptionRequests;
import dev.shipshape.policy.InvalidPolicyException;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** HardeningExemption resources as the engine reads them, and whether the cluster serves them at all. */
public final class HardeningExemptions {

    private HardeningExemptions() {
    }

    /**
     * Whether the API server serves HardeningExemptions: an install without their CRD (one upgraded from before
     * them) runs without app-team exemptions rather than failing.
     */
    public static boolean served(KubernetesClient client) {
        try {
            APIResourceList resources = client.getApiResources(HardeningPolicy.GROUP + "/" + HardeningPolicy.VERSION);
            return resources != null && resources.getResources().stream()
                    .anyMatch(resource -> HardeningExemption.PLURAL.equals(resource.getName()));
        } catch (KubernetesClientException e) {
            return false;
        }
    }

    /** The valid exemptions among {@code exemptions}, compiled; invalid ones and ones being deleted are left out. */
    public static List<ExemptionRequest> valid(Collection<HardeningExemption> exemptions) {
        List<ExemptionRequest> valid = new ArrayList<>();
        for (HardeningExemption exemption : exemptions) {
            if (!exemption.isMarkedForDeletion()) {
                compile(exemption).ifPresent(valid::add);
            }
        }
        return valid;
    }

    /** The exemption compiled, or empty when its spec is invalid. */
    public static Optional<ExemptionRequest> compile(HardeningExemption exemption) {
        try {
            return Optional.of(compileOrThrow(exemption));
        } catch (InvalidPolicyException e) {
            return Optional.empty();
        }
    }

    /**
     * The exemption compiled.
     *
     * @throws InvalidPolicyException listing every problem of its spec
     */
    public static ExemptionRequest compileOrThrow(HardeningExemption exemption) throws InvalidPolicyException {
        return ExemptionRequests.compile(exemption.getMetadata().getNamespace(), exemption.getMetadata().getName(),
                ExemptionRequests.created(exemption.getMetadata().getCreationTimestamp(), Instant.now()),
                exemption.getSpec());
    }
}
