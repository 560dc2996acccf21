package dev.shipshape.policy.checks;

import dev.shipshape.policy.ContainerRef;
import dev.shipshape.policy.ContainerType;
import dev.shipshape.policy.RemediationTarget;

import java.util.Set;

/** Remediation targets for calling {@code Check.remediate} directly in tests. */
final class RemediationTargets {

    private RemediationTargets() {
    }

    /** Every non-ephemeral container, with pod-level fields allowed: nothing was exempted. */
    static RemediationTarget everything() {
        return new Target(null, true);
    }

    /** Only the named containers, with pod-level fields not allowed: some finding was exempted. */
    static RemediationTarget onlyContainers(String... names) {
        return new Target(Set.of(names), false);
    }

    private record Target(Set<String> names, boolean podLevelAllowed) implements RemediationTarget {

        @Override
        public boolean includes(ContainerRef container) {
            return container.type() != ContainerType.EPHEMERAL && (names == null || names.contains(container.name()));
        }
    }
}
