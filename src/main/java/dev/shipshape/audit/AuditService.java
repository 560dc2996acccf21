package dev.shipshape.audit;

import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.cluster.NamespaceCache;
import dev.shipshape.policy.Exemption;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.Workload;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The leader's audit of existing workloads: the {@link Audit} fed by {@link WorkloadEventSource}, its timing
 * metrics, and an Event (through {@link EventPoster}) on each workload that newly violates a policy.
 */
@ApplicationScoped
public class AuditService {

    private final AuditMetrics metrics;
    private final EventPoster events;
    private final Clock clock = Clock.systemUTC();
    private final Audit audit;
    private final Set<String> postedExemptionEvents = ConcurrentHashMap.newKeySet();

    public AuditService(NamespaceCache namespaces, AuditMetrics metrics, EventPoster events) {
        this.metrics = metrics;
        this.events = events;
        this.audit = new Audit(namespaces, clock);
    }

    /**
     * Audits an added or changed workload; with {@code live} (after the first list) a new violation gets an
     * Event. Returns the policies whose verdict changed.
     */
    Set<String> put(String key, Workload workload, String uid, boolean live) {
        long started = System.nanoTime();
        List<Audit.Change> changes = audit.putWorkload(key, workload, uid);
        metrics.recordWorkloadAudit(System.nanoTime() - started);
        if (live) {
            postViolations(changes);
        }
        return policies(changes);
    }

    /**
     * Audits every workload again against the policy when one of its exemptions expired since the last time; a
     * workload that violates because of it gets its Event. Returns whether any verdict changed.
     */
    boolean exemptionsExpired(String policy) {
        List<Audit.Change> changes = audit.exemptionsExpired(policy);
        postViolations(changes);
        return !changes.isEmpty();
    }

    private void postViolations(List<Audit.Change> changes) {
        for (Audit.Change change : changes) {
            if (change.current() != null) {
                ViolationEvents.violation(change.policy(), change.previous(), change.current(), clock.instant(),
                        events.reportingInstance()).ifPresent(events::post);
            }
        }
    }

    /** Posts the exemption Event due now, unless this replica already did. */
    void exemptionEventDue(HardeningPolicy policy, Exemption exemption) {
        ExemptionEvents.due(policy, exemption, clock.instant(), events.reportingInstance())
                .filter(event -> postedExemptionEvents.add(event.getMetadata().getName()))
                .ifPresent(events::post);
    }

    Set<String> remove(String key) {
        return policies(audit.removeWorkload(key));
    }

    Set<String> namespaceChanged(String namespace) {
        return policies(audit.namespaceChanged(namespace));
    }

    Set<String> policyNames() {
        return audit.policyNames();
    }

    int workloadCount() {
        return audit.workloadCount();
    }

    /** Workloads each HardeningExemption covers a finding of, by its key {@code namespace/name}. */
    Map<String, Integer> exemptedWorkloads() {
        return audit.exemptedWorkloads();
    }

    boolean hasPolicy(String name, CompiledPolicy policy) {
        return audit.hasPolicy(name, policy);
    }

    void removePolicy(String name) {
        audit.removePolicy(name);
    }

    Optional<AuditSummary> summary(String name) {
        return audit.summary(name);
    }

    Map<String, List<Verdict>> verdictsByNamespace(String name) {
        return audit.verdictsByNamespace(name);
    }

    List<Verdict> remediable(String name) {
        return audit.remediable(name);
    }

    /** Evaluates every workload against a new or changed policy. */
    public void putPolicy(String name, CompiledPolicy policy) {
        long started = System.nanoTime();
        audit.putPolicy(name, policy);
        metrics.recordPolicyAudit(System.nanoTime() - started);
    }

    private static Set<String> policies(List<Audit.Change> changes) {
        Set<String> policies = new LinkedHashSet<>();
        for (Audit.Change change : changes) {
            policies.add(change.policy());
        }
        return policies;
    }
}
