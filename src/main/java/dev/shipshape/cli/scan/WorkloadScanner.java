package dev.shipshape.cli.scan;

import dev.shipshape.cli.input.InputProblem;
import dev.shipshape.cli.input.ManifestObject;
import dev.shipshape.cli.input.SourcePosition;
import dev.shipshape.cluster.KubernetesNames;
import dev.shipshape.policy.ActiveCheck;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.EvaluationResult;
import dev.shipshape.policy.PolicyEvaluator;
import dev.shipshape.policy.Segmentation;
import dev.shipshape.policy.Workload;
import dev.shipshape.policy.WorkloadKinds;
import dev.shipshape.policy.WorkloadRef;
import dev.shipshape.workload.InvalidWorkloadException;
import dev.shipshape.workload.Workloads;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Finds the workloads among manifest objects and evaluates a policy against them. */
public final class WorkloadScanner {

    private final CompiledPolicy policy;
    private final String defaultNamespace;
    private final Instant now;
    private final Map<String, Map<String, String>> namespaceLabels;
    private final Map<String, Segmentation> segmentations;
    private final WorkloadKinds kinds;
    private final List<String> checkIds;

    /**
     * @param facts what all inputs say about namespaces: namespace selectors see the labels of the Namespace objects
     *              among them, and the network-policy check the NetworkPolicies among them (where they hold none for
     *              a namespace, nothing is decided about its segmentation)
     * @param kinds the workload kinds: the built-in ones and those declared with {@code --workload-kind}
     */
    public WorkloadScanner(CompiledPolicy policy, String defaultNamespace, Instant now, InputFacts facts,
                           WorkloadKinds kinds) {
        this.policy = policy;
        this.defaultNamespace = defaultNamespace;
        this.now = now;
        this.namespaceLabels = facts.namespaceLabels();
        this.segmentations = facts.segmentations();
        this.kinds = kinds;
        this.checkIds = policy.checks().stream().map(ActiveCheck::id).toList();
    }

    /** A workload object that cannot be read; names the offending field's position. */
    public static final class InvalidObjectException extends Exception {
        private final InputProblem problem;

        InvalidObjectException(InputProblem problem) {
            super(problem.format());
            this.problem = problem;
        }

        public InputProblem problem() {
            return problem;
        }
    }

    /**
     * Evaluates the policy against {@code object}.
     *
     * @return empty when the object is not a workload
     */
    public Optional<ScannedWorkload> scan(ManifestObject object) throws InvalidObjectException {
        Optional<Workload> found;
        try {
            found = Workloads.fromTree(object.tree(), kinds);
        } catch (InvalidWorkloadException e) {
            SourcePosition position = object.position(e.problem().path());
            throw new InvalidObjectException(new InputProblem(object.file().name(), position.line(),
                    position.column(), e.getMessage()));
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Workload workload = withNamespace(found.get());
        workload = workload.within(segmentations.getOrDefault(workload.namespace(), Segmentation.UNKNOWN));
        EvaluationResult result = evaluate(workload);
        return Optional.of(new ScannedWorkload(object, workload, result, result.violations(), List.of(), checkIds));
    }

    /** Evaluates the policy against a workload, e.g. again after remediating it. */
    public EvaluationResult evaluate(Workload workload) {
        return PolicyEvaluator.evaluate(policy, workload, labelsOf(workload.namespace()), now);
    }

    private Workload withNamespace(Workload workload) {
        if (workload.namespace() != null && !workload.namespace().isEmpty()) {
            return workload;
        }
        WorkloadRef ref = workload.ref();
        return new Workload(new WorkloadRef(ref.apiVersion(), ref.kind(), defaultNamespace, ref.name()),
                workload.labels(), workload.annotations(), workload.podMetadata(), workload.podSpec(),
                workload.podMetadataPath(), workload.podSpecPath(), workload.isBatch());
    }

    private Map<String, String> labelsOf(String namespace) {
        Map<String, String> labels = namespaceLabels.get(namespace);
        return labels != null ? labels : Map.of(KubernetesNames.NAMESPACE_NAME_LABEL, namespace);
    }
}
