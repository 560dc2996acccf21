package dev.shipshape.audit;

import dev.shipshape.api.v1alpha1.ExistingRemediation;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.EvaluationResult;
import dev.shipshape.policy.JsonPatchOperation;
import dev.shipshape.policy.NamespaceFacts;
import dev.shipshape.policy.PolicyEvaluator;
import dev.shipshape.policy.Remediator;
import dev.shipshape.policy.Workload;
import dev.shipshape.policy.WorkloadRef;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The audit of existing workloads: every policy's verdict on every workload it matches, kept current as
 * workloads, policies and namespace labels change. A workload change evaluates that workload only; a policy
 * change evaluates that policy only. Thread-safe; no I/O.
 */
public final class Audit {

    /**
     * A verdict that changed because a workload changed.
     *
     * @param policy the policy's name
     * @param previous the verdict before, null when the policy did not match the workload
     * @param current the verdict now, null when the policy no longer matches it
     */
    public record Change(String policy, Verdict previous, Verdict current) {
    }

    private static final String HARDENING_EXEMPTION = "HardeningExemption ";

    private final NamespaceFacts namespaces;
    private final Clock clock;
    private final Map<String, StoredWorkload> workloads = new HashMap<>();
    private final Map<String, CompiledPolicy> policies = new HashMap<>();
    private final Map<String, PolicyTally> tallies = new HashMap<>();
    private final Map<String, Instant> evaluatedAt = new HashMap<>();

    /**
     * @param namespaces the labels of a namespace by name, for the policies' namespace selectors, and its
     *                   NetworkPolicies, for the network-policy check
     */
    public Audit(NamespaceFacts namespaces, Clock clock) {
        this.namespaces = namespaces;
        this.clock = clock;
    }

    /** Adds or replaces the workload {@code key} and evaluates it against every policy. */
    public synchronized List<Change> putWorkload(String key, Workload workload, String uid) {
        workloads.put(key, StoredWorkload.of(workload, uid));
        return reevaluate(key, workload, uid);
    }

    /** Forgets the workload {@code key}. */
    public synchronized List<Change> removeWorkload(String key) {
        workloads.remove(key);
        List<Change> changes = new ArrayList<>();
        for (Map.Entry<String, PolicyTally> tally : tallies.entrySet()) {
            Verdict previous = tally.getValue().remove(key);
            if (previous != null) {
                changes.add(new Change(tally.getKey(), previous, null));
            }
        }
        return changes;
    }

    /** Evaluates again the workloads in {@code namespace}, whose labels changed. */
    public synchronized List<Change> namespaceChanged(String namespace) {
        List<Change> changes = new ArrayList<>();
        for (Map.Entry<String, StoredWorkload> entry : workloads.entrySet()) {
            StoredWorkload stored = entry.getValue();
            if (stored.namespace().equals(namespace)) {
                changes.addAll(reevaluate(entry.getKey(), stored.workload(), stored.uid()));
            }
        }
        return changes;
    }

    /** Adds or replaces a policy and evaluates every workload against it. */
    public synchronized void putPolicy(String name, CompiledPolicy policy) {
        policies.put(name, policy);
        PolicyTally tally = new PolicyTally();
        Instant now = clock.instant();
        for (Map.Entry<String, StoredWorkload> entry : workloads.entrySet()) {
            StoredWorkload stored = entry.getValue();
            verdict(policy, stored.workload(), stored.uid(), now)
                    .ifPresent(verdict -> tally.put(entry.getKey(), verdict));
        }
        tallies.put(name, tally);
        evaluatedAt.put(name, now);
    }

    /**
     * Evaluates every workload again against the policy {@code name} when one of its exemptions has expired since
     * it last did: an exemption stops applying at its expiry, not at the next change of a workload.
     */
    public synchronized List<Change> exemptionsExpired(String name) {
        CompiledPolicy policy = policies.get(name);
        if (policy == null) {
            return List.of();
        }
        Instant now = clock.instant();
        Instant since = evaluatedAt.get(name);
        boolean expiredSince = policy.exemptions().all().stream().anyMatch(exemption -> exemption.expires() != null
                && exemption.expires().isAfter(since) && !exemption.expires().isAfter(now));
        if (!expiredSince) {
            return List.of();
        }
        PolicyTally tally = tallies.get(name);
        List<Change> changes = new ArrayList<>();
        for (Map.Entry<String, StoredWorkload> entry : workloads.entrySet()) {
            StoredWorkload stored = entry.getValue();
            Optional<Verdict> verdict = verdict(policy, stored.workload(), stored.uid(), now);
            Verdict previous = verdict.isPresent() ? tally.get(entry.getKey()) : tally.remove(entry.getKey());
            if (verdict.isPresent() && !verdict.get().sameAs(previous)) {
                tally.put(entry.getKey(), verdict.get());
                changes.add(new Change(name, previous, verdict.get()));
            } else if (verdict.isEmpty() && previous != null) {
                changes.add(new Change(name, previous, null));
            }
        }
        evaluatedAt.put(name, now);
        return changes;
    }

    /**
     * Whether the audit holds the policy {@code name} as {@code compiled}: compiled from the same generation, with
     * the same exemptions (HardeningExemptions come and go without a new generation of the policy).
     */
    public synchronized boolean hasPolicy(String name, CompiledPolicy compiled) {
        CompiledPolicy policy = policies.get(name);
        return policy != null && policy.generation() == compiled.generation()
                && policy.exemptions().all().equals(compiled.exemptions().all());
    }

    public synchronized void removePolicy(String name) {
        policies.remove(name);
        tallies.remove(name);
        evaluatedAt.remove(name);
    }

    /** The names of the policies the audit holds. */
    public synchronized Set<String> policyNames() {
        return Set.copyOf(policies.keySet());
    }

    public synchronized int workloadCount() {
        return workloads.size();
    }

    public synchronized Optional<AuditSummary> summary(String policy) {
        return Optional.ofNullable(tallies.get(policy)).map(PolicyTally::summary);
    }

    /** The policy's verdicts by namespace, namespaces sorted, for reports. */
    public synchronized Map<String, List<Verdict>> verdictsByNamespace(String policy) {
        PolicyTally tally = tallies.get(policy);
        if (tally == null) {
            return Map.of();
        }
        Map<String, List<Verdict>> byNamespace = new LinkedHashMap<>();
        for (String namespace : tally.namespaces()) {
            byNamespace.put(namespace, tally.verdictsIn(namespace));
        }
        return byNamespace;
    }

    /** The policy's verdicts that carry a remediation patch. */
    public synchronized List<Verdict> remediable(String policy) {
        PolicyTally tally = tallies.get(policy);
        if (tally == null) {
            return List.of();
        }
        List<Verdict> remediable = new ArrayList<>();
        for (String namespace : tally.namespaces()) {
            for (Verdict verdict : tally.verdictsIn(namespace)) {
                if (!verdict.remediation().isEmpty()) {
                    remediable.add(verdict);
                }
            }
        }
        return remediable;
    }

    /**
     * How many workloads each HardeningExemption covers some finding of, under any policy, by its key
     * ({@code namespace/name}); exemptions that cover none are absent.
     */
    public synchronized Map<String, Integer> exemptedWorkloads() {
        Map<String, Set<WorkloadRef>> workloadsByExemption = new HashMap<>();
        for (PolicyTally tally : tallies.values()) {
            for (String namespace : tally.namespaces()) {
                for (Verdict verdict : tally.verdictsIn(namespace)) {
                    for (String origin : verdict.exemptedBy()) {
                        if (origin.startsWith(HARDENING_EXEMPTION)) {
                            workloadsByExemption.computeIfAbsent(origin.substring(HARDENING_EXEMPTION.length()),
                                    any -> new HashSet<>()).add(verdict.workload());
                        }
                    }
                }
            }
        }
        Map<String, Integer> counts = new HashMap<>();
        workloadsByExemption.forEach((exemption, workloads) -> counts.put(exemption, workloads.size()));
        return counts;
    }

    private List<Change> reevaluate(String key, Workload workload, String uid) {
        List<Change> changes = new ArrayList<>();
        Instant now = clock.instant();
        for (Map.Entry<String, CompiledPolicy> policy : policies.entrySet()) {
            PolicyTally tally = tallies.get(policy.getKey());
            Optional<Verdict> verdict = verdict(policy.getValue(), workload, uid, now);
            Verdict previous = verdict.isPresent() ? tally.get(key) : tally.remove(key);
            if (verdict.isPresent()) {
                if (verdict.get().sameAs(previous)) {
                    continue;
                }
                tally.put(key, verdict.get());
            }
            if (previous != null || verdict.isPresent()) {
                changes.add(new Change(policy.getKey(), previous, verdict.orElse(null)));
            }
        }
        return changes;
    }

    private Optional<Verdict> verdict(CompiledPolicy policy, Workload stored, String uid, Instant now) {
        Workload workload = stored.within(namespaces.segmentation(stored.namespace()));
        Map<String, String> labels = namespaces.labels(workload.namespace());
        EvaluationResult result = PolicyEvaluator.evaluate(policy, workload, labels, now);
        List<JsonPatchOperation> remediation = List.of();
        if (policy.actions().existing() != ExistingRemediation.None && !result.compliant() && hasPodTemplate(workload)) {
            Workload copy = workload.detachedCopy();
            remediation = Remediator.remediate(policy, copy, PolicyEvaluator.evaluate(policy, copy, labels, now));
        }
        return Verdict.of(result, uid, policy.denySeverity(), remediation, now);
    }

    private static boolean hasPodTemplate(Workload workload) {
        return !"Pod".equals(workload.kind());
    }
}
