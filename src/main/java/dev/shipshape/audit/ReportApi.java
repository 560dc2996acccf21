package dev.shipshape.audit;

import dev.shipshape.OperatorConfig.ReportFormat;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.util.List;
import java.util.stream.Stream;

/**
 * The report APIs the audit writes its results to. Both carry the same document (source, scope, summary, results
 * with resources, message and properties): OpenReports is the successor of the Kubernetes Policy WG's PolicyReport,
 * which Kyverno and Policy Reporter are moving to.
 */
public enum ReportApi {
    /** {@code wgpolicyk8s.io/v1alpha2} PolicyReport. */
    POLICY_REPORT("wgpolicyk8s.io", "v1alpha2", "PolicyReport", "policyreports"),
    /** {@code openreports.io/v1alpha1} Report. */
    OPEN_REPORTS("openreports.io", "v1alpha1", "Report", "reports");

    private final ResourceDefinitionContext context;

    ReportApi(String group, String version, String kind, String plural) {
        this.context = new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }

    public ResourceDefinitionContext context() {
        return context;
    }

    public String apiVersion() {
        return context.getGroup() + "/" + context.getVersion();
    }

    public String kind() {
        return context.getKind();
    }

    /** The APIs to write given {@code format} and what the API server serves; none where nothing is served. */
    public static List<ReportApi> targets(ReportFormat format, boolean policyReportServed, boolean openReportsServed) {
        return switch (format) {
            case POLICY_REPORT -> policyReportServed ? List.of(POLICY_REPORT) : List.of();
            case OPEN_REPORTS -> openReportsServed ? List.of(OPEN_REPORTS) : List.of();
            case BOTH -> Stream.of(POLICY_REPORT, OPEN_REPORTS)
                    .filter(api -> api == POLICY_REPORT ? policyReportServed : openReportsServed).toList();
            case AUTO -> openReportsServed ? List.of(OPEN_REPORTS)
                    : policyReportServed ? List.of(POLICY_REPORT) : List.of();
        };
    }
}
