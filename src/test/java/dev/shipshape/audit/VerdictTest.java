package dev.shipshape.audit;

import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.Finding;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.WorkloadRef;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VerdictTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void findingsOfEveryWorkloadNameItsWorkload() {
        WorkloadRef web = new WorkloadRef("apps/v1", "Deployment", "shop", "web");
        WorkloadRef api = new WorkloadRef("apps/v1", "Deployment", "shop", "api");

        Verdict webVerdict = verdict(web, List.of(limits(api, 0), limits(api, 1)));

        assertThat(webVerdict.violations()).extracting(Finding::workload).containsOnly(web);
        assertThat(webVerdict.violations()).extracting(finding -> finding.path().toString()).containsExactly(
                "spec.template.spec.containers[0].resources.limits.memory",
                "spec.template.spec.containers[1].resources.limits.memory");
        assertThat(webVerdict.violatedChecks()).containsExactly("resource-limits");
        assertThat(webVerdict.violations()).first().usingRecursiveComparison()
                .isEqualTo(new Finding("resource-limits", Severity.MEDIUM, web, "app", "nginx:1.27",
                        containerPath(0).field("resources").field("limits").field("memory"),
                        "container \"app\" must set resources.limits.memory", "set resources.limits.memory"));
    }

    @Test
    void equalFindingsOfDifferentWorkloadsAreHeldOnce() {
        WorkloadRef web = new WorkloadRef("apps/v1", "Deployment", "shop", "web");
        WorkloadRef api = new WorkloadRef("apps/v1", "Deployment", "shop", "api");

        Verdict first = verdict(web, List.of(limits(web, 0)));
        Verdict second = verdict(api, List.of(limits(api, 0)));

        Finding heldByFirst = first.violations().get(0);
        Finding heldBySecond = second.violations().get(0);
        assertThat(heldBySecond.path()).isSameAs(heldByFirst.path());
        assertThat(heldBySecond.message()).isSameAs(heldByFirst.message());
        assertThat(heldBySecond.workload()).isEqualTo(api);
        assertThat(first.sameAs(verdict(web, List.of(limits(web, 0))))).isTrue();
        assertThat(first.sameAs(verdict(web, List.of(limits(web, 1))))).isFalse();
        assertThat(first.sameAs(second)).isFalse();
    }

    private static Verdict verdict(WorkloadRef workload, List<Finding> violations) {
        return new Verdict(workload, "uid-" + workload.name(), VerdictStatus.VIOLATING, violations, false, List.of(),
                NOW);
    }

    private static Finding limits(WorkloadRef workload, int container) {
        return new Finding("resource-limits", Severity.MEDIUM, workload, container == 0 ? "app" : "sidecar",
                "nginx:1.27", containerPath(container).field("resources").field("limits").field("memory"),
                new String("container \"" + (container == 0 ? "app" : "sidecar") + "\" must set resources.limits.memory"),
                "set resources.limits.memory");
    }

    private static FieldPath containerPath(int container) {
        return FieldPath.of("spec", "template", "spec").field("containers").index(container);
    }
}
