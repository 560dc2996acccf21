package dev.shipshape.cluster;

import dev.shipshape.OperatorConfig;
import dev.shipshape.policy.WorkloadKinds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.util.List;

/** The workload kinds of this operator: the built-in ones and those {@code shipshape.workload-kinds} declares. */
@ApplicationScoped
public class DeclaredWorkloadKinds {

    /**
     * @throws IllegalArgumentException naming the setting and what is wrong with a declaration, which stops the
     *         operator at start-up rather than leaving a kind silently unreviewed
     */
    @Produces
    @ApplicationScoped
    WorkloadKinds workloadKinds(OperatorConfig config) {
        try {
            return WorkloadKinds.declared(config.workloadKinds().orElse(List.of()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("shipshape.workload-kinds: " + e.getMessage(), e);
        }
    }
}
