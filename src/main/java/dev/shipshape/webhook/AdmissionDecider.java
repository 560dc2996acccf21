package dev.shipshape.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.api.v1alpha1.Mode;
import dev.shipshape.policy.EvaluationResult;
import dev.shipshape.policy.Finding;
import dev.shipshape.policy.JsonPatchOperation;
import dev.shipshape.policy.PolicyEvaluator;
import dev.shipshape.policy.Remediator;
import dev.shipshape.policy.Workload;
import dev.shipshape.workload.InvalidWorkloadException;
import dev.shipshape.workload.WorkloadKind;
import dev.shipshape.workload.Workloads;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides admission reviews with the policy engine: Enforce denies findings at or above a policy's
 * denySeverity (on UPDATE only those the old object did not have), the rest and Warn-mode findings become
 * warnings, Audit-mode findings are only counted, and Mutate policies fill in missing fields. No I/O.
 */
public final class AdmissionDecider {

    /** Kubernetes may truncate longer warnings. */
    static final int MAX_WARNING_LENGTH = 256;
    /** Total size of warnings kept well within what the API server passes on. */
    static final int MAX_WARNINGS_LENGTH = 4096;
    /** Findings listed in a denial; the rest are counted. */
    static final int MAX_DENIED_FINDINGS = 25;

    private final Set<String> excludedNamespaces;

    /** @param excludedNamespaces namespaces never reviewed: the operator's own, kube-system and configured extras */
    public AdmissionDecider(Set<String> excludedNamespaces) {
        this.excludedNamespaces = Set.copyOf(excludedNamespaces);
    }

    /**
     * @param policies the valid policies this webhook serves
     * @param namespaceLabels labels of a namespace by name, from a cache
     */
    public AdmissionOutcome decide(WebhookKind webhook, AdmissionRequest request, List<AdmissionPolicy> policies,
                                   Function<String, Map<String, String>> namespaceLabels, Instant now)
            throws BadReviewException {
        Optional<WorkloadKind> kind = WorkloadKind.ofResource(request.group(), request.resource());
        String kindLabel = kind.map(WorkloadKind::kind).orElse("other");
        if (!request.isCreateOrUpdate() || !request.subResource().isEmpty() || kind.isEmpty()
                || excludedNamespaces.contains(request.namespace()) || policies.isEmpty()) {
            return AdmissionOutcome.skipped(kindLabel);
        }
        Workload workload = workload(request.object(), request, "request.object");
        // an object without metadata, in a review without a namespace, has none
        Map<String, String> labels = namespaceLabels.apply(
                workload.namespace() != null ? workload.namespace() : request.namespace());
        if (webhook == WebhookKind.MUTATE) {
            return mutate(kindLabel, workload, policies, labels, now);
        }
        Workload previous = request.isUpdate() && request.oldObject() != null
                ? workload(request.oldObject(), request, "request.oldObject") : null;
        return validate(kindLabel, workload, previous, policies, labels, now);
    }

    private AdmissionOutcome mutate(String kind, Workload workload, List<AdmissionPolicy> policies,
                                    Map<String, String> labels, Instant now) {
        List<JsonPatchOperation> patch = new ArrayList<>();
        for (AdmissionPolicy policy : policies) {
            EvaluationResult result = PolicyEvaluator.evaluate(policy.compiled(), workload, labels, now);
            patch.addAll(Remediator.remediate(policy.compiled(), workload, result));
        }
        return patch.isEmpty()
                ? new AdmissionOutcome(Decision.ALLOWED, kind, true, null, List.of(), List.of())
                : new AdmissionOutcome(Decision.PATCHED, kind, true, null, List.of(), List.copyOf(patch));
    }

    private AdmissionOutcome validate(String kind, Workload workload, Workload previous,
                                      List<AdmissionPolicy> policies, Map<String, String> labels, Instant now) {
        List<String> denials = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        boolean audited = false;
        for (AdmissionPolicy policy : policies) {
            EvaluationResult result = PolicyEvaluator.evaluate(policy.compiled(), workload, labels, now);
            if (result.violations().isEmpty()) {
                continue;
            }
            if (policy.mode() == Mode.Audit) {
                audited = true;
                continue;
            }
            Set<String> preExisting = previous == null ? Set.of() : null;
            for (Finding finding : result.violations()) {
                boolean denies = policy.mode() == Mode.Enforce
                        && finding.severity().atLeast(policy.compiled().denySeverity());
                if (denies && preExisting == null) {
                    preExisting = findingKeys(PolicyEvaluator.evaluate(policy.compiled(), previous, labels, now));
                }
                if (denies && !preExisting.contains(key(finding))) {
                    denials.add(denialLine(policy, finding));
                } else {
                    warnings.add(warning(policy, finding, denies));
                }
            }
        }
        List<String> boundedWarnings = bound(warnings);
        if (!denials.isEmpty()) {
            return new AdmissionOutcome(Decision.DENIED, kind, false, denialMessage(workload, denials),
                    boundedWarnings, List.of());
        }
        if (!warnings.isEmpty()) {
            return new AdmissionOutcome(Decision.WARNED, kind, true, null, boundedWarnings, List.of());
        }
        return new AdmissionOutcome(audited ? Decision.AUDITED : Decision.ALLOWED, kind, true, null, List.of(),
                List.of());
    }

    private static Workload workload(JsonNode object, AdmissionRequest request, String field)
            throws BadReviewException {
        if (object == null) {
            throw new BadReviewException(field + " is required for " + request.operation());
        }
        JsonNode metadata = object.get("metadata");
        if (metadata instanceof ObjectNode meta && !meta.hasNonNull("namespace") && !request.namespace().isEmpty()) {
            meta.put("namespace", request.namespace());
        }
        try {
            return Workloads.fromTree(object).orElseThrow(() -> new BadReviewException(
                    field + " is not a " + request.resource() + " object (apiVersion/kind missing or different)"));
        } catch (InvalidWorkloadException e) {
            throw new BadReviewException(field + "." + e.getMessage());
        }
    }

    private static Set<String> findingKeys(EvaluationResult result) {
        Set<String> keys = new HashSet<>();
        for (Finding finding : result.violations()) {
            keys.add(key(finding));
        }
        return keys;
    }

    private static String key(Finding finding) {
        return finding.checkId() + '|' + finding.path();
    }

    private static String denialLine(AdmissionPolicy policy, Finding finding) {
        return "- policy " + policy.name() + ", check " + finding.checkId() + " (" + finding.severity().id() + "): "
                + finding.message() + ". Fix: " + finding.fix();
    }

    private static String denialMessage(Workload workload, List<String> denials) {
        StringBuilder message = new StringBuilder("Shipshape denied ").append(workload.ref().display())
                .append(": ").append(denials.size()).append(denials.size() == 1 ? " violation" : " violations");
        for (int i = 0; i < Math.min(denials.size(), MAX_DENIED_FINDINGS); i++) {
            message.append('\n').append(denials.get(i));
        }
        if (denials.size() > MAX_DENIED_FINDINGS) {
            message.append("\n- ... and ").append(denials.size() - MAX_DENIED_FINDINGS)
                    .append(" more; run shipshape scan on the manifest for the full list");
        }
        return message.toString();
    }

    private static String warning(AdmissionPolicy policy, Finding finding, boolean preExisting) {
        return (preExisting ? "pre-existing, not denied on update: " : "") + policy.name() + ": "
                + finding.checkId() + ": " + finding.message();
    }

    static List<String> bound(List<String> warnings) {
        List<String> bounded = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < warnings.size(); i++) {
            String warning = truncate(warnings.get(i));
            String rest = "... and " + (warnings.size() - i) + " more findings; run shipshape scan for all of them";
            boolean last = i == warnings.size() - 1;
            if (total + warning.length() + (last ? 0 : rest.length()) > MAX_WARNINGS_LENGTH) {
                bounded.add(rest);
                break;
            }
            bounded.add(warning);
            total += warning.length();
        }
        return List.copyOf(bounded);
    }

    private static String truncate(String warning) {
        return warning.length() <= MAX_WARNING_LENGTH ? warning : warning.substring(0, MAX_WARNING_LENGTH - 3) + "...";
    }
}
