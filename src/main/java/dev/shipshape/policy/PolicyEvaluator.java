package dev.shipshape.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs a compiled policy's checks against a workload. Pure: no I/O, no shared state. */
public final class PolicyEvaluator {

    /** Workload annotation listing check ids to skip, honoured only when the policy allows it. */
    public static final String EXEMPT_ANNOTATION = "shipshape.dev/exempt";

    private PolicyEvaluator() {
    }

    public static EvaluationResult evaluate(CompiledPolicy policy, Workload workload,
                                            Map<String, String> namespaceLabels, Instant now) {
        if (!policy.matches(workload, namespaceLabels)) {
            return EvaluationResult.notApplicable(policy.name(), workload.ref());
        }
        return decide(policy, workload, findings(policy, workload), now);
    }

    /**
     * Splits findings of {@code workload}, which the policy applies to, into violations and what its exemptions
     * waive; for findings of other artifacts too (a Dockerfile's), which policies exempt as workloads.
     */
    public static EvaluationResult decide(CompiledPolicy policy, Workload workload, List<Finding> found,
                                          Instant now) {
        if (found.isEmpty()) {
            return new EvaluationResult(policy.name(), workload.ref(), true, List.of(), List.of(), List.of());
        }
        Set<String> annotationExempt = policy.allowAnnotationExemptions() ? annotationExemptions(workload) : Set.of();
        if (policy.exemptions().isEmpty() && annotationExempt.isEmpty()) {
            return new EvaluationResult(policy.name(), workload.ref(), true, found, List.of(), List.of());
        }
        List<Finding> violations = new ArrayList<>();
        List<ExemptFinding> exempt = new ArrayList<>();
        Set<Exemption> expired = new LinkedHashSet<>();
        for (Finding finding : found) {
            if (annotationExempt.contains(finding.checkId())) {
                String annotation = "annotation " + EXEMPT_ANNOTATION;
                exempt.add(new ExemptFinding(finding, annotation, annotation));
                continue;
            }
            Exemptions.ExemptionMatch match = policy.exemptions().lookup(finding, now);
            if (match == null) {
                violations.add(finding);
            } else if (match.expired()) {
                violations.add(finding);
                expired.add(match.exemption());
            } else {
                exempt.add(new ExemptFinding(finding, match.exemption().origin(),
                        match.exemption().origin() + ": " + match.exemption().reason()));
            }
        }
        return new EvaluationResult(policy.name(), workload.ref(), true, List.copyOf(violations), List.copyOf(exempt),
                List.copyOf(expired));
    }

    /** Every finding of the policy's active checks, before exemptions. */
    public static List<Finding> findings(CompiledPolicy policy, Workload workload) {
        CollectingSink sink = new CollectingSink(workload);
        for (ActiveCheck active : policy.checks()) {
            sink.current = active;
            active.check().evaluate(workload, sink);
        }
        return sink.findings == null ? List.of() : sink.findings;
    }

    private static Set<String> annotationExemptions(Workload workload) {
        String value = workload.annotations().get(EXEMPT_ANNOTATION);
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        Arrays.stream(value.split(",")).map(String::trim).filter(id -> !id.isEmpty()).forEach(ids::add);
        return ids;
    }

    private static final class CollectingSink implements FindingSink {
        private final Workload workload;
        private ActiveCheck current;
        private List<Finding> findings;

        CollectingSink(Workload workload) {
            this.workload = workload;
        }

        @Override
        public void container(ContainerRef container, FieldPath field, String message) {
            add(container.name(), container.container().getImage(),
                    container.path().resolve(field), message);
        }

        @Override
        public void pod(FieldPath field, String message) {
            add(null, null, workload.podSpecPath().resolve(field), message);
        }

        @Override
        public void podMetadata(FieldPath field, String message) {
            add(null, null, workload.podMetadataPath().resolve(field), message);
        }

        private void add(String container, String image, FieldPath path, String message) {
            if (findings == null) {
                findings = new ArrayList<>();
            }
            CheckDescriptor descriptor = current.check().descriptor();
            findings.add(new Finding(descriptor.id(), current.severity(), workload.ref(), container, image, path,
                    message, descriptor.fix()));
        }
    }
}
