package dev.shipshape.cli.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.cli.input.InputProblem;
import dev.shipshape.cli.scan.Baseline;
import dev.shipshape.cli.scan.ScanReport;
import dev.shipshape.cli.scan.ScannedWorkload;
import dev.shipshape.cli.scan.UndeclaredKind;
import dev.shipshape.cli.scan.UnknownKind;
import dev.shipshape.policy.ActiveCheck;
import dev.shipshape.policy.ExemptFinding;
import dev.shipshape.policy.Exemption;
import dev.shipshape.policy.Finding;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.WorkloadRef;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The machine-readable report, schema version 1, written as the scan goes. Fields are only ever added within a
 * schema version.
 * <pre>
 * {
 *   "schemaVersion": 1,
 *   "tool": {"name": "shipshape", "version": "0.1.0"},
 *   "policy": {"name", "profile", "failOn", "checks": [{"id", "severity"}]},
 *   "workloads": [{
 *     "file", "line", "document",            // document: 0-based position in the input file
 *     "ref": {"apiVersion", "kind", "namespace", "name"},
 *     "matched",                              // false when the policy's match rules leave it out
 *     "compliant",
 *     "findings": [{"checkId", "severity", "container", "image", "path", "line", "message", "fix", "fingerprint"}],
 *     "baselineFindings": [{... as findings ...}],          // in the --baseline: not counted
 *     "exemptFindings": [{... as findings ..., "reason"}],
 *     "expiredExemptions": [{"index", "reason", "expires"}]
 *   }],
 *   "errors": [{"file", "line", "column", "message"}],   // line and column 0 when unknown
 *   "summary": {"workloads", "dockerfiles", "composeServices",     // workloads counts the other two as well
 *               "compliant", "violating", "notMatched", "exemptFindings",
 *               "findings": {"critical", "high", "medium", "low"}, "baselineFindings", "objects",
 *               "skippedDocuments", "inputErrors",
 *               "undeclaredKinds": [{"apiVersion", "kind", "templatePath", "objects", "declaration"}],
 *               "unknownKinds": [{"apiVersion", "kind", "objects", "suggestion"}],
 *               "complianceScore",                      // percent, null without workloads
 *               "failed"}                               // some finding outside the baseline at or above failOn
 * }
 * </pre>
 * {@code file} and {@code line} name the template of a rendered document when a {@code # Source:} comment names
 * it. Findings are sorted most severe first. {@code container} and {@code image} are null for pod-level findings;
 * {@code path} is the offending field in kubectl's dotted form, {@code line} its line (or its nearest existing
 * parent's when it is missing); {@code fingerprint} is the finding's identity in a baseline.
 */
final class JsonReport implements ReportWriter {

    static final int SCHEMA_VERSION = 1;

    private final PrintWriter out;
    private final JsonGenerator json;

    JsonReport(ReportSettings settings, PrintWriter out) {
        this.out = out;
        try {
            json = JsonOutput.prettyGenerator(out);
            json.writeStartObject();
            json.writeNumberField("schemaVersion", SCHEMA_VERSION);
            json.writeObjectFieldStart("tool");
            json.writeStringField("name", "shipshape");
            json.writeStringField("version", settings.toolVersion());
            json.writeEndObject();
            ObjectNode policy = JsonOutput.MAPPER.createObjectNode();
            policy.put("name", settings.policy().name());
            policy.put("profile", settings.policy().profile().id());
            policy.put("failOn", settings.failOn().id());
            ArrayNode checks = policy.putArray("checks");
            for (ActiveCheck check : settings.policy().checks()) {
                checks.addObject().put("id", check.id()).put("severity", check.severity().id());
            }
            json.writeFieldName("policy");
            json.writeTree(policy);
            json.writeArrayFieldStart("workloads");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void workload(ScannedWorkload workload) {
        try {
            json.writeTree(workloadNode(workload));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    @Override
    public void finish(ScanReport report) {
        try {
            json.writeEndArray();
            json.writeArrayFieldStart("errors");
            for (InputProblem problem : report.problems()) {
                json.writeTree(JsonOutput.MAPPER.createObjectNode().put("file", problem.file())
                        .put("line", problem.line()).put("column", problem.column())
                        .put("message", problem.message()));
            }
            json.writeEndArray();
            json.writeFieldName("summary");
            json.writeTree(summary(report));
            json.writeEndObject();
            json.flush();
            out.println();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode workloadNode(ScannedWorkload workload) {
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
        for (Finding finding : workload.findings()) {
            findings.add(finding(finding, workload));
        }
        ArrayNode baselined = node.putArray("baselineFindings");
        for (Finding finding : workload.baselined()) {
            baselined.add(finding(finding, workload));
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
        node.put("fingerprint", Baseline.fingerprint(finding));
        return node;
    }

    private static ObjectNode summary(ScanReport report) {
        ObjectNode summary = JsonOutput.MAPPER.createObjectNode();
        summary.put("workloads", report.matched());
        summary.put("dockerfiles", report.dockerfiles());
        summary.put("composeServices", report.composeServices());
        summary.put("compliant", report.compliant());
        summary.put("violating", report.violating());
        summary.put("notMatched", report.notMatched());
        summary.put("exemptFindings", report.exemptFindings());
        ObjectNode findings = summary.putObject("findings");
        for (Map.Entry<Severity, Integer> entry : report.findingsBySeverity().entrySet()) {
            findings.put(entry.getKey().id(), entry.getValue());
        }
        summary.put("baselineFindings", report.baselinedFindings());
        summary.put("objects", report.objects());
        summary.put("skippedDocuments", report.skippedDocuments());
        summary.put("inputErrors", report.problems().size());
        ArrayNode undeclared = summary.putArray("undeclaredKinds");
        for (UndeclaredKind kind : report.undeclaredKinds()) {
            undeclared.addObject().put("apiVersion", kind.apiVersion()).put("kind", kind.kind())
                    .put("templatePath", kind.templatePath()).put("objects", kind.objects())
                    .put("declaration", kind.declaration());
        }
        ArrayNode unknown = summary.putArray("unknownKinds");
        for (UnknownKind kind : report.unknownKinds()) {
            unknown.addObject().put("apiVersion", kind.apiVersion()).put("kind", kind.kind())
                    .put("objects", kind.objects()).put("suggestion", kind.suggestion());
        }
        summary.put("complianceScore", report.complianceScore());
        summary.put("failed", report.failed());
        return summary;
    }
}
