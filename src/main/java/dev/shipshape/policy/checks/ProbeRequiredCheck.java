package dev.shipshape.policy.checks;

import dev.shipshape.policy.Check;
import dev.shipshape.policy.ContainerType;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.FindingSink;
import dev.shipshape.policy.Workload;
import dev.shipshape.policy.cel.Cel;
import dev.shipshape.policy.cel.CelRule;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;

import java.util.EnumSet;

/**
 * Shared rule of {@link LivenessProbeCheck} and {@link ReadinessProbeCheck}: every regular container of a
 * long-running pod must define the probe. Pods that run to completion (Job and CronJob pods, bare Pods with
 * restartPolicy Never or OnFailure) and init and ephemeral containers need none.
 */
abstract class ProbeRequiredCheck implements Check {

    private final String probeField;
    private final FieldPath path;

    ProbeRequiredCheck(String probeField) {
        this.probeField = probeField;
        this.path = FieldPath.of(probeField);
    }

    abstract Probe probe(Container container);

    @Override
    public void evaluate(Workload workload, FindingSink findings) {
        if (runsToCompletion(workload)) {
            return;
        }
        workload.forEachContainer(container -> {
            if (container.type() == ContainerType.REGULAR && probe(container.container()) == null) {
                findings.container(container, path, container.describe() + " must define a " + probeField);
            }
        });
    }

    private static boolean runsToCompletion(Workload workload) {
        if (workload.isBatch()) {
            return true;
        }
        String restartPolicy = workload.podSpec().getRestartPolicy();
        return "Pod".equals(workload.kind()) && ("Never".equals(restartPolicy) || "OnFailure".equals(restartPolicy));
    }

    @Override
    public CelRule celRule() {
        String restartPolicy = Cel.SPEC + ".restartPolicy";
        String runsToCompletion = Cel.anyOf(Cel.BATCH, "(" + Cel.KIND + " == 'Pod' && has(" + restartPolicy + ") && "
                + restartPolicy + " in ['Never', 'OnFailure'])");
        return CelRule.containers("!has(c." + probeField + ")", "must define a " + probeField)
                .forContainers(EnumSet.of(ContainerType.REGULAR))
                .onlyWhen(Cel.not(runsToCompletion));
    }
}
