package dev.shipshape.cli.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.cli.input.InputProblem;
import dev.shipshape.cli.scan.ScanReport;
import dev.shipshape.cli.scan.UndeclaredKind;
import dev.shipshape.cli.scan.ScannedWorkload;
import dev.shipshape.policy.ActiveCheck;
import dev.shipshape.policy.ExemptFinding;
import dev.shipshape.policy.Exemption;
import dev.shipshape.policy.Finding;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.WorkloadRef;

import java.io.PrintWriter;
import java.util.Map;

/**
 * The machine-readable report, schema version 1. Fields are only ever added within a schema version.
 * <pre>
 * {
 *   "schemaVersion": 1,
 *   "tool": {"name": "shipshape", "version": "0.1.0"},
 *   "policy": {"name", "profile", "failOn", "checks": [{"id", "severity"}]},
 *   "workloads": [{
 *     "file", "line", "document",            // document: 0-based position in the file
 *     "ref": {"apiVersion", "kind", "namespace", "name"},
 *     "matched",                              // false when the policy's match rules leave it out
 *     "compliant",
 *     "findings": [{"checkId", "severity", "container", "image", "path", "line", "message", "fix"}],
 *     "exemptFindings": [{... as findings ..., "reason"}],
 *     "expiredExemptions": [{"index", "reason", "expires"}]
 *   }],
 *   "errors": [{"file", "line", "column", "message"}],   // line and column 0 when unknown
 *   "summary": {"workloads", "compliant", "violating", "notMatched", "exemptFindings",
 *               "findings": {"critical", "high", "medium", "low"}, "skippedDocuments", "inputErrors",
 *               "undeclaredKinds": [{"apiVersion", "kind", "templatePath", "objects", "declaration"}],
 *               "complianceScore",                      // percent, null without workloads
 *               "failed"}                               // some finding at or above failOn
 * }
 * </pre>
 * {@code container} and {@code image} are null for pod-level findings; {@code path} is the offending field in
 * kubectl's dotted form, {@code line} its line (or its nearest existing parent's when it is missing).
 */
final class JsonReport {

    static final int SCHEMA_VERSION = 1;

    private JsonReport() {
    }

    static void write(ScanReport report, PrintWriter out) {
        out.print(JsonOutput.pretty(toJson(report)));
        out.flush();
    }

    static ObjectNode toJson(ScanReport report) {
        ObjectNode root = JsonOutput.MAPPER.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        ObjectNode tool = root.putObject("tool");
        tool.put("name", "shipshape");
        tool.put("version", report.toolVersion());
        ObjectNode policy = root.putObject("policy");
        policy.put("name", report.policy().name());
        policy.put("profile", report.policy().profile().id());
        policy.put("failOn", report.failOn().id());
        ArrayNode checks = policy.putArray("checks");
        for (ActiveCheck check : report.policy().checks()) {
            checks.addObject().put("id", check.id()).put("severity", check.severity().id());
        }
        ArrayNode workloads = root.putArray("workloads");
        for (ScannedWorkload workload : report.workloads()) {
            workloads.add(workload(workload));
        }
        ArrayNode errors = root.putArray("errors");
        for (InputProblem problem : report.problems()) {
            errors.addObject().put("file", problem.file()).put("line", problem.line())
                    .put("column", problem.column()).put("message", problem.message());
        }
        root.set("summary", summary(report));
        return root;
    }

    private static ObjectNode workload(ScannedWorkload workload) {
        ObjectNode node = JsonOutput.MAPPER.createObjectNode();
        node.put("file", workload.file());
        node.put("line", workload.line());
        node.put("document", workload.object().document().index());
        WorkloadRef ref = workload.workload().ref();
        node.putObject("ref").put("apiVersion", ref.apiVersion()).put("kind", ref.kind())
                .put("namespace", ref.namespace()).put("name", ref.name());
        node.put("matched", workload.result().applicable());
        node.put("compliant", workload.result().compliant());
        ArrayNode findings = node.putArray("findings");
        for (Finding finding : workload.result().violations()) {
            findings.add(finding(finding, workload));
        }
        ArrayNode exempt = node.putArray("exemptFindings");
        for (ExemptFinding exemptFinding : workload.result().exempt()) {
            exempt.add(finding(exemptFinding.finding(), workload).put("reason", exemptFinding.reason()));
        }
        ArrayNode expired = node.putArray("expiredExemptions");
        for (Exemption exemption : workload.result().expiredExemptions()) {
            expired.addObject().put("index", exemption.index()).put("reason", exemption.reason())
                    .put("expires", exemption.expires() == null ? null : exemption.expires().toString());
        }
        return node;
    }

    private static ObjectNode finding(Finding finding, ScannedWorkload workload) {
        ObjectNode node = JsonOutput.MAPPER.createObjectNode();
        node.put("checkId", finding.checkId());
        node.put("severity", finding.severity().id());
        node.put("container", finding.container());
        node.put("image", finding.image());
        node.put("path", finding.path().toString());
        node.put("line", workload.line(finding.path()));
        node.put("message", finding.message());
        node.put("fix", finding.fix());
        return node;
    }

    private static ObjectNode summary(ScanReport report) {
        ObjectNode summary = JsonOutput.MAPPER.createObjectNode();
        summary.put("workloads", report.matched().size());
        summary.put("compliant", report.compliant());
        summary.put("violating", report.violating());
        summary.put("notMatched", report.notMatched());
        summary.put("exemptFindings", report.exemptFindings());
        ObjectNode findings = summary.putObject("findings");
        for (Map.Entry<Severity, Integer> entry : report.findingsBySeverity().entrySet()) {
            findings.put(entry.getKey().id(), entry.getValue());
        }
        summary.put("skippedDocuments", report.skippedDocuments());
        summary.put("inputErrors", report.problems().size());
        ArrayNode undeclared = summary.putArray("undeclaredKinds");
        for (UndeclaredKind kind : report.undeclaredKinds()) {
            undeclared.addObject().put("apiVersion", kind.apiVersion()).put("kind", kind.kind())
                    .put("templatePath", kind.templatePath()).put("objects", kind.objects())
                    .put("declaration", kind.declaration());
        }
        summary.put("complianceScore", report.complianceScore());
        summary.put("failed", report.failed());
        return summary;
    }
}
