package dev.shipshape.audit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The audit's Prometheus series: {@code shipshape_policy_violations{policy,check,severity}},
 * {@code shipshape_policy_workloads{policy,status}}, {@code shipshape_policy_compliance_ratio{policy}} and
 * {@code shipshape_audit_duration_seconds{scope}}. Labels are bounded by policies, checks and statuses; the
 * series of a deleted policy disappear.
 */
@ApplicationScoped
public class AuditMetrics {

    private final Map<String, AuditSummary> summaries = new ConcurrentHashMap<>();
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

    /** Removes every series of the policy. */
    public synchronized void remove(String policy) {
        if (summaries.remove(policy) != null) {
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
        violations.register(violationRows, true);
        workloads.register(workloadRows, true);
        complianceRatio.register(ratioRows, true);
    }
}
