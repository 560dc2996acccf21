package dev.shipshape.audit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import dev.shipshape.policy.Exemption;
import dev.shipshape.policy.ExemptionExpiry;
import dev.shipshape.policy.Exemptions;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The audit's Prometheus series: {@code shipshape_policy_violations{policy,check,severity}},
 * {@code shipshape_policy_workloads{policy,status}}, {@code shipshape_policy_compliance_ratio{policy}},
 * {@code shipshape_exemptions{policy,state}} and {@code shipshape_audit_duration_seconds{scope}}. Labels are bounded by policies, checks and statuses; the
 * series of a deleted policy disappear.
 */
@ApplicationScoped
public class AuditMetrics {

    private final Map<String, AuditSummary> summaries = new ConcurrentHashMap<>();
    private final Map<String, Map<ExemptionExpiry.State, Integer>> exemptionStates = new ConcurrentHashMap<>();
    private final MultiGauge exemptions;
    private final MultiGauge violations;
    private final MultiGauge workloads;
    private final MultiGauge complianceRatio;
    private final Timer policyAudits;
    private final Timer workloadAudits;

    public AuditMetrics(MeterRegistry registry) {
        violations = MultiGauge.builder("shipshape.policy.violations")
                .description("Violations (one per container or pod-level field) among the workloads a policy matches")
                .register(registry);
        workloads = MultiGauge.builder("shipshape.policy.workloads")
                .description("Existing workloads a policy matches, by status: compliant, violating or exempt")
                .register(registry);
        complianceRatio = MultiGauge.builder("shipshape.policy.compliance.ratio")
                .description("Share of the workloads a policy matches that do not violate it (1 when none is matched)")
                .register(registry);
        exemptions = MultiGauge.builder("shipshape.exemptions")
                .description("A policy's exemptions by state: active, expiring (within 7 days) or expired")
                .register(registry);
        policyAudits = auditTimer(registry, "policy");
        workloadAudits = auditTimer(registry, "workload");
    }

    private static Timer auditTimer(MeterRegistry registry, String scope) {
        return Timer.builder("shipshape.audit.duration")
                .description("Time to evaluate existing workloads: every workload against one policy (scope policy)"
                        + " or one workload against every policy (scope workload)")
                .tag("scope", scope)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    public void recordPolicyAudit(long nanos) {
        policyAudits.record(Duration.ofNanos(nanos));
    }

    public void recordWorkloadAudit(long nanos) {
        workloadAudits.record(Duration.ofNanos(nanos));
    }

    /** Publishes the policy's current standing. */
    public synchronized void update(String policy, AuditSummary summary) {
        summaries.put(policy, summary);
        publish();
    }

    /** Publishes how many of the policy's exemptions are in each state at {@code now}. */
    public synchronized void updateExemptions(String policy, Exemptions policyExemptions, Instant now) {
        Map<ExemptionExpiry.State, Integer> counts = new EnumMap<>(ExemptionExpiry.State.class);
        for (ExemptionExpiry.State state : ExemptionExpiry.State.values()) {
            counts.put(state, 0);
        }
        for (Exemption exemption : policyExemptions.all()) {
            counts.merge(ExemptionExpiry.state(exemption, now), 1, Integer::sum);
        }
        if (!counts.equals(exemptionStates.put(policy, counts))) {
            publish();
        }
    }

    /** Removes every series of the policy. */
    public synchronized void remove(String policy) {
        boolean had = summaries.remove(policy) != null;
        if (exemptionStates.remove(policy) != null || had) {
            publish();
        }
    }

    private void publish() {
        List<MultiGauge.Row<?>> violationRows = new ArrayList<>();
        List<MultiGauge.Row<?>> workloadRows = new ArrayList<>();
        List<MultiGauge.Row<?>> ratioRows = new ArrayList<>();
        summaries.forEach((policy, summary) -> {
            for (CheckTally check : summary.checks()) {
                violationRows.add(MultiGauge.Row.of(Tags.of("policy", policy, "check", check.check(),
                        "severity", check.severity().id()), check.violations()));
            }
            workloadRows.add(MultiGauge.Row.of(Tags.of("policy", policy, "status", VerdictStatus.COMPLIANT.label()),
                    summary.compliant()));
            workloadRows.add(MultiGauge.Row.of(Tags.of("policy", policy, "status", VerdictStatus.VIOLATING.label()),
                    summary.violating()));
            workloadRows.add(MultiGauge.Row.of(Tags.of("policy", policy, "status", VerdictStatus.EXEMPT.label()),
                    summary.exempt()));
            ratioRows.add(MultiGauge.Row.of(Tags.of("policy", policy), summary.complianceRatio()));
        });
        List<MultiGauge.Row<?>> exemptionRows = new ArrayList<>();
        exemptionStates.forEach((policy, counts) -> counts.forEach((state, count) ->
                exemptionRows.add(MultiGauge.Row.of(Tags.of("policy", policy, "state", state.label()), count))));
        exemptions.register(exemptionRows, true);
        violations.register(violationRows, true);
        workloads.register(workloadRows, true);
        complianceRatio.register(ratioRows, true);
    }
}
