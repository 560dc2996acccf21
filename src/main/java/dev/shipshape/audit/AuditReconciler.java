package dev.shipshape.audit;

import dev.shipshape.OperatorConfig;
import dev.shipshape.admissionpolicy.EnforcementPlan;
import dev.shipshape.api.v1alpha1.EnforcementStatus;
import dev.shipshape.api.v1alpha1.ExistingRemediation;
import dev.shipshape.api.v1alpha1.HardeningExemption;
import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.api.v1alpha1.HardeningPolicyStatus;
import dev.shipshape.api.v1alpha1.RemediationStatus;
import dev.shipshape.cluster.AdmissionPolicySupport;
import dev.shipshape.cluster.HardeningExemptions;
import dev.shipshape.cluster.NamespaceCache;
import dev.shipshape.cluster.PolicyDeletion;
import dev.shipshape.cluster.ServedWorkloadResources;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.Exemption;
import dev.shipshape.policy.ExemptionExpiry;
import dev.shipshape.policy.FieldProblem;
import dev.shipshape.policy.InvalidPolicyException;
import dev.shipshape.policy.LabelledPolicy;
import dev.shipshape.policy.PolicyCompiler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Leader-only: audits the existing workloads a HardeningPolicy matches and writes what it finds to the policy's
 * status (only when it changed), its PolicyReports, metrics, and with {@code remediation.existing} the patches
 * of missing fields. Workload changes reach it through {@link WorkloadEventSource}, which re-evaluates only the
 * changed workload; a policy change re-evaluates every workload for that policy only.
 */
// Status-only changes of a policy reconcile it too: after an outage, the status the API server holds can differ from
// the one the cache last saw (a write the operator made while its watch was down), and only a reconcile that sees
// the server's status writes the right one again. A reconcile whose status is unchanged writes nothing.
// The audit holds no finalizer: the webhooks controller owns the one finalizer of a policy (a fail-closed webhook
// must go before its policy does) and announces the deletion, PolicyReports carry an ownerReference to their
// policy, and everything else the audit keeps lives in memory. A pass and the forgetting of its policy exclude each
// other, and a deleted policy's uid is never audited again, even from a copy this controller's cache still holds.
@ControllerConfiguration(name = "audit", generationAwareEventProcessing = false)
public class AuditReconciler implements Reconciler<HardeningPolicy> {

    /** The finalizer earlier builds added for the audit; removed wherever it is found so that no deletion waits on it. */
    static final String FORMER_FINALIZER = "shipshape.dev/audit";
    private static final Duration WAIT_FOR_SYNC = Duration.ofSeconds(1);
    /** A pass scheduled for an exemption's expiry runs this much after it, never at the instant itself. */
    private static final Duration PAST_THE_INSTANT = Duration.ofMillis(10);

    private final KubernetesClient client;
    private final ServedWorkloadResources served;
    private final NamespaceCache namespaces;
    private final AuditService audit;
    private final AuditMetrics metrics;
    private final PolicyReportWriter reports;
    private final ExistingRemediator remediator;
    private final FormerFinalizer formerFinalizer;
    private final WriteSpacing writeSpacing;
    private final Map<String, Object> passes = new ConcurrentHashMap<>();
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();
    private WorkloadEventSource workloads;
    private InformerEventSource<HardeningExemption, HardeningPolicy> exemptions;

    private final AdmissionPolicySupport admissionPolicies;

    public AuditReconciler(KubernetesClient client, ServedWorkloadResources served, NamespaceCache namespaces,
                           AuditService audit, AuditMetrics metrics, PolicyReportWriter reports,
                           ExistingRemediator remediator, OperatorConfig config,
                           AdmissionPolicySupport admissionPolicies) {
        this.admissionPolicies = admissionPolicies;
        this.client = client;
        this.served = served;
        this.namespaces = namespaces;
        this.audit = audit;
        this.metrics = metrics;
        this.reports = reports;
        this.remediator = remediator;
        this.formerFinalizer = new FormerFinalizer(client, FORMER_FINALIZER);
        this.writeSpacing = new WriteSpacing(config.audit().writeInterval());
    }

    private EnforcementStatus enforcement(CompiledPolicy compiled) {
        return PolicyStatuses.enforcement(compiled, EnforcementPlan.of(compiled, admissionPolicies.served()));
    }

    @Override
    public List<EventSource<?, HardeningPolicy>> prepareEventSources(EventSourceContext<HardeningPolicy> context) {
        workloads = new WorkloadEventSource(client, served, namespaces, audit);
        if (!HardeningExemptions.served(client)) {
            return List.of(workloads);
        }
        exemptions = new InformerEventSource<>(InformerEventSourceConfiguration
                .from(HardeningExemption.class, HardeningPolicy.class)
                .withName("hardening-exemptions")
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(askedPolicies(context)).build(), context);
        return List.of(workloads, exemptions);
    }

    /** The policies an exemption names, and every policy when it selects by label. */
    private static SecondaryToPrimaryMapper<HardeningExemption> askedPolicies(
            EventSourceContext<HardeningPolicy> context) {
        return exemption -> {
            if (exemption.getSpec() != null && exemption.getSpec().getPolicySelector() != null) {
                return context.getPrimaryCache().list().map(ResourceID::fromResource).collect(Collectors.toSet());
            }
            return exemption.getSpec() == null ? Set.of() : exemption.getSpec().getPolicies().stream()
                    .filter(Objects::nonNull).map(ResourceID::new).collect(Collectors.toSet());
        };
    }

    /** The policy with the HardeningExemptions it honours. */
    private CompiledPolicy honouring(HardeningPolicy policy, CompiledPolicy compiled) {
        if (exemptions == null) {
            return compiled;
        }
        return new LabelledPolicy(compiled, Optional.ofNullable(policy.getMetadata().getLabels()).orElse(Map.of()))
                .honouring(HardeningExemptions.valid(exemptions.list(any -> true).toList()));
    }

    /** Forgets a policy being deleted: its verdicts, series, reports and write spacing. */
    void policyDeleted(@Observes PolicyDeletion deletion) {
        HardeningPolicy policy = deletion.policy();
        String name = policy.getMetadata().getName();
        synchronized (passes.computeIfAbsent(name, key -> new Object())) {
            deleted.add(policy.getMetadata().getUid());
            forget(name);
        }
        formerFinalizer.remove(policy);
    }

    @Override
    public UpdateControl<HardeningPolicy> reconcile(HardeningPolicy policy, Context<HardeningPolicy> context) {
        synchronized (passes.computeIfAbsent(policy.getMetadata().getName(), key -> new Object())) {
            if (policy.isMarkedForDeletion() || deleted.contains(policy.getMetadata().getUid())) {
                return UpdateControl.noUpdate();
            }
            formerFinalizer.remove(policy);
            return pass(policy);
        }
    }

    private UpdateControl<HardeningPolicy> pass(HardeningPolicy policy) {
        String name = policy.getMetadata().getName();
        long generation = Optional.ofNullable(policy.getMetadata().getGeneration()).orElse(0L);
        Instant now = Instant.now();
        CompiledPolicy compiled;
        try {
            compiled = honouring(policy, PolicyCompiler.compile(name, generation, policy.getSpec()));
        } catch (InvalidPolicyException e) {
            forget(name);
            return patchIfChanged(policy, PolicyStatuses.invalid(generation, policy.getStatus(),
                    e.problems().stream().map(FieldProblem::toString).toList(), now));
        }
        ExistingRemediation existing = compiled.actions().existing();
        if (!audit.hasPolicy(name, compiled)) {
            audit.putPolicy(name, compiled);
        }
        if (workloads == null || !workloads.synced()) {
            return patchIfChanged(policy, PolicyStatuses.valid(generation, policy.getStatus(), null, null,
                    compiled.exemptions(), enforcement(compiled), now)).rescheduleAfter(WAIT_FOR_SYNC);
        }
        audit.exemptionsExpired(name);
        for (Exemption exemption : compiled.exemptions().all()) {
            if (exemption.ownedByPolicy()) {
                audit.exemptionEventDue(policy, exemption);
            }
        }
        metrics.updateExemptions(name, compiled.exemptions(), now);
        AuditSummary summary = audit.summary(name).orElseThrow();
        metrics.update(name, summary);
        Optional<Duration> exemptionChange = ExemptionExpiry.nextChange(compiled.exemptions(), now)
                .map(next -> Duration.between(now, next).plus(PAST_THE_INSTANT));
        Optional<Duration> holdOff = writeSpacing.holdOff(name, now);
        if (holdOff.isPresent()) {
            return UpdateControl.<HardeningPolicy>noUpdate().rescheduleAfter(earliest(holdOff, exemptionChange));
        }
        boolean reportsWritten = reports.sync(policy, compiled.denySeverity(), compiled.checks().size(),
                audit.verdictsByNamespace(name));
        ExistingRemediator.Pass remediation = remediator.remediate(policy, existing,
                existing == ExistingRemediation.None ? List.of() : audit.remediable(name),
                workloads::resourceVersion, now);
        RemediationStatus remediationStatus = remediation == null ? null : remediation.status();
        UpdateControl<HardeningPolicy> control = patchIfChanged(policy, PolicyStatuses.valid(generation,
                policy.getStatus(), summary, remediationStatus, compiled.exemptions(), enforcement(compiled), now));
        if (reportsWritten || control.isPatchStatus()) {
            writeSpacing.wrote(name, now);
        }
        Optional<Duration> remediationMore = remediation != null && remediation.more() ? Optional.of(WAIT_FOR_SYNC)
                : Optional.empty();
        return remediationMore.isEmpty() && exemptionChange.isEmpty() ? control
                : control.rescheduleAfter(earliest(remediationMore, exemptionChange));
    }

    /** The earlier of two delays, at least one of which is present. */
    private static Duration earliest(Optional<Duration> a, Optional<Duration> b) {
        return a.isEmpty() ? b.orElseThrow() : b.isEmpty() || a.get().compareTo(b.get()) <= 0 ? a.get() : b.get();
    }

    private void forget(String name) {
        audit.removePolicy(name);
        metrics.remove(name);
        reports.deleteAll(name);
        remediator.forget(name);
        writeSpacing.forget(name);
    }

    private static UpdateControl<HardeningPolicy> patchIfChanged(HardeningPolicy policy, HardeningPolicyStatus status) {
        if (PolicyStatuses.sameContent(policy.getStatus(), status)) {
            return UpdateControl.noUpdate();
        }
        policy.setStatus(status);
        return UpdateControl.patchStatus(policy);
    }
}
