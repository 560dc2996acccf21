package dev.shipshape.audit;

import dev.shipshape.api.v1alpha1.ExistingRemediation;
import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.api.v1alpha1.HardeningPolicyStatus;
import dev.shipshape.api.v1alpha1.RemediationStatus;
import dev.shipshape.cluster.NamespaceCache;
import dev.shipshape.cluster.ServedWorkloadResources;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.FieldProblem;
import dev.shipshape.policy.InvalidPolicyException;
import dev.shipshape.policy.PolicyCompiler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Leader-only: audits the existing workloads a HardeningPolicy matches and writes what it finds to the policy's
 * status (only when it changed), its PolicyReports, metrics, and with {@code remediation.existing} the patches
 * of missing fields. Workload changes reach it through {@link WorkloadEventSource}, which re-evaluates only the
 * changed workload; a policy change re-evaluates every workload for that policy only.
 */
// Status-only changes of a policy reconcile it too: after an outage, the status the API server holds can differ from
// the one the cache last saw (a write the operator made while its watch was down), and only a reconcile that sees
// the server's status writes the right one again. A reconcile whose status is unchanged writes nothing.
@ControllerConfiguration(name = "audit", finalizerName = AuditReconciler.FINALIZER,
        generationAwareEventProcessing = false)
public class AuditReconciler implements Reconciler<HardeningPolicy>, Cleaner<HardeningPolicy> {

    public static final String FINALIZER = "shipshape.dev/audit";
    private static final Duration WAIT_FOR_SYNC = Duration.ofSeconds(1);

    private final KubernetesClient client;
    private final ServedWorkloadResources served;
    private final NamespaceCache namespaces;
    private final AuditService audit;
    private final AuditMetrics metrics;
    private final PolicyReportWriter reports;
    private final ExistingRemediator remediator;
    private WorkloadEventSource workloads;

    public AuditReconciler(KubernetesClient client, ServedWorkloadResources served, NamespaceCache namespaces,
                           AuditService audit, AuditMetrics metrics, PolicyReportWriter reports,
                           ExistingRemediator remediator) {
        this.client = client;
        this.served = served;
        this.namespaces = namespaces;
        this.audit = audit;
        this.metrics = metrics;
        this.reports = reports;
        this.remediator = remediator;
    }

    @Override
    public List<EventSource<?, HardeningPolicy>> prepareEventSources(EventSourceContext<HardeningPolicy> context) {
        workloads = new WorkloadEventSource(client, served, namespaces, audit);
        return List.of(workloads);
    }

    @Override
    public UpdateControl<HardeningPolicy> reconcile(HardeningPolicy policy, Context<HardeningPolicy> context) {
        String name = policy.getMetadata().getName();
        long generation = Optional.ofNullable(policy.getMetadata().getGeneration()).orElse(0L);
        Instant now = Instant.now();
        CompiledPolicy compiled;
        try {
            compiled = PolicyCompiler.compile(name, generation, policy.getSpec());
        } catch (InvalidPolicyException e) {
            audit.removePolicy(name);
            metrics.remove(name);
            reports.deleteAll(name);
            return patchIfChanged(policy, PolicyStatuses.invalid(generation, policy.getStatus(),
                    e.problems().stream().map(FieldProblem::toString).toList(), now));
        }
        ExistingRemediation existing = compiled.actions().existing();
        if (!audit.hasPolicy(name, generation)) {
            audit.putPolicy(name, compiled);
        }
        if (workloads == null || !workloads.synced()) {
            return patchIfChanged(policy, PolicyStatuses.valid(generation, policy.getStatus(), null, null, now))
                    .rescheduleAfter(WAIT_FOR_SYNC);
        }
        AuditSummary summary = audit.summary(name).orElseThrow();
        metrics.update(name, summary);
        reports.sync(policy, compiled.denySeverity(), compiled.checks().size(), audit.verdictsByNamespace(name));
        ExistingRemediator.Pass remediation = remediator.remediate(policy, existing,
                existing == ExistingRemediation.None ? List.of() : audit.remediable(name),
                workloads::resourceVersion, now);
        RemediationStatus remediationStatus = remediation == null ? null : remediation.status();
        UpdateControl<HardeningPolicy> control = patchIfChanged(policy,
                PolicyStatuses.valid(generation, policy.getStatus(), summary, remediationStatus, now));
        return remediation != null && remediation.more() ? control.rescheduleAfter(WAIT_FOR_SYNC) : control;
    }

    @Override
    public DeleteControl cleanup(HardeningPolicy policy, Context<HardeningPolicy> context) {
        String name = policy.getMetadata().getName();
        audit.removePolicy(name);
        metrics.remove(name);
        reports.deleteAll(name);
        remediator.forget(name);
        return DeleteControl.defaultDelete();
    }

    private static UpdateControl<HardeningPolicy> patchIfChanged(HardeningPolicy policy, HardeningPolicyStatus status) {
        if (PolicyStatuses.sameContent(policy.getStatus(), status)) {
            return UpdateControl.noUpdate();
        }
        policy.setStatus(status);
        return UpdateControl.patchStatus(policy);
    }
}
