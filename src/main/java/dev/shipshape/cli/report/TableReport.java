package dev.shipshape.cli.report;

import dev.shipshape.cli.scan.ScanReport;
import dev.shipshape.cli.scan.ScannedWorkload;
import dev.shipshape.cli.scan.UndeclaredKind;
import dev.shipshape.cli.scan.UnknownKind;
import dev.shipshape.policy.ExemptFinding;
import dev.shipshape.policy.Exemption;
import dev.shipshape.policy.Finding;
import dev.shipshape.policy.Severity;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The human-readable report: findings grouped by workload, most severe first, printed as each workload is scanned;
 * then a summary and the compliance score. With {@code --summary}, findings and workloads per check instead.
 */
final class TableReport implements ReportWriter {

    private static final String INDENT = "            ";

    private final ReportSettings settings;
    private final PrintWriter out;
    private final Ansi ansi;
    private boolean wroteWorkload;

    TableReport(ReportSettings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
        this.ansi = settings.ansi();
    }

    @Override
    public void workload(ScannedWorkload workload) {
        if (settings.summaryOnly() || !workload.result().applicable()) {
            return;
        }
        wroteWorkload = true;
        String heading = workload.file() + ":" + workload.line() + "  "
                + ansi.bold(workload.workload().ref().display());
        List<Finding> findings = workload.findings();
        boolean nothingElse = workload.result().exempt().isEmpty() && workload.baselined().isEmpty()
                && workload.result().expiredExemptions().isEmpty();
        if (findings.isEmpty() && nothingElse) {
            out.println(heading + "  " + ansi.green("compliant"));
            return;
        }
        out.println(heading + "  " + (findings.isEmpty() ? ansi.green(workload.result().compliant() ? "compliant"
                : "no new findings") : count(findings.size(), "finding")));
        for (Finding finding : findings) {
            out.println("  " + ansi.severity(finding.severity(), pad(finding.severity().name(), 9)) + " "
                    + ansi.bold(finding.checkId()) + "  " + workload.subject(finding) + "  "
                    + ansi.dim("line " + workload.line(finding.path())));
            out.println(INDENT + finding.message());
            out.println(INDENT + ansi.dim("fix: " + finding.fix()));
        }
        if (!workload.baselined().isEmpty()) {
            out.println("  " + ansi.dim(pad("baseline", 9) + " " + count(workload.baselined().size(), "finding")
                    + " in the baseline not shown"));
        }
        for (ExemptFinding exempt : workload.result().exempt()) {
            Finding finding = exempt.finding();
            out.println("  " + pad("exempt", 9) + " " + finding.checkId() + "  " + workload.subject(finding) + "  "
                    + ansi.dim("line " + workload.line(finding.path())));
            out.println(INDENT + ansi.dim(exempt.reason()));
        }
        for (Exemption expired : workload.result().expiredExemptions()) {
            out.println("  " + ansi.yellow(pad("expired", 9)) + " exemption #" + expired.index() + " expired "
                    + expired.expires() + ": " + expired.reason());
        }
    }


    @Override
    public void finish(ScanReport report) {
        if (settings.summaryOnly()) {
            writeChecks(report);
        } else if (wroteWorkload) {
            out.println();
        }
        out.println(summary(report));
        Double score = report.complianceScore();
        String scoreText = score == null ? "n/a (no workloads)"
                : String.format(Locale.ROOT, "%.1f%% (%d of %d workloads compliant)", score, report.compliant(),
                report.matched());
        out.println("Compliance score: " + (score == null ? scoreText
                : score == 100.0 ? ansi.green(scoreText) : ansi.bold(scoreText)));
        out.flush();
    }

    /** One line per check with findings, most severe and most frequent first. */
    private void writeChecks(ScanReport report) {
        List<Map.Entry<String, ScanReport.CheckTally>> rows = report.checksWithFindings();
        if (rows.isEmpty()) {
            return;
        }
        int width = rows.stream().mapToInt(entry -> entry.getKey().length()).max().orElse(5);
        out.println(pad("SEVERITY", 9) + " " + pad("CHECK", width) + "  " + String.format(Locale.ROOT, "%8s %9s",
                "FINDINGS", "WORKLOADS"));
        for (Map.Entry<String, ScanReport.CheckTally> row : rows) {
            Severity severity = row.getValue().severity();
            out.println(ansi.severity(severity, pad(severity.name(), 9)) + " " + pad(row.getKey(), width) + "  "
                    + String.format(Locale.ROOT, "%8d %9d", row.getValue().findings(), row.getValue().workloads()));
        }
        out.println();
    }

    private String summary(ScanReport report) {
        List<String> parts = new ArrayList<>();
        int others = report.dockerfiles() + report.composeServices();
        String scanned = others == 0 ? count(report.matched(), "workload") + " scanned"
                : report.matched() + " scanned (" + count(report.matched() - others, "workload")
                + (report.dockerfiles() == 0 ? "" : ", " + count(report.dockerfiles(), "Dockerfile"))
                + (report.composeServices() == 0 ? "" : ", " + count(report.composeServices(), "Compose service"))
                + ")";
        parts.add(scanned + ": " + report.compliant() + " compliant, " + report.violating() + " violating");
        parts.add(count(report.exemptFindings(), "exempt finding"));
        List<String> bySeverity = new ArrayList<>();
        for (Map.Entry<Severity, Integer> entry : report.findingsBySeverity().entrySet()) {
            bySeverity.add(entry.getValue() + " " + entry.getKey().id());
        }
        parts.add((settings.baseline() != null ? "new findings: " : "findings: ") + String.join(", ", bySeverity));
        if (settings.baseline() != null) {
            parts.add(count(report.baselinedFindings(), "finding") + " in baseline " + settings.baseline());
        }
        if (report.notMatched() > 0) {
            parts.add(count(report.notMatched(), "workload") + " not matched by policy " + report.policy().name());
        }
        parts.add(count(report.skippedDocuments(), "non-workload document") + " skipped");
        if (report.excludedDocuments() > 0) {
            parts.add(count(report.excludedDocuments(), "rendered document") + " excluded");
        }
        if (report.notObjects() > 0) {
            parts.add(count(report.notObjects(), "document") + " without apiVersion and kind");
        }
        for (UndeclaredKind kind : report.undeclaredKinds()) {
            parts.add(count(kind.objects(), "object") + " of undeclared kind " + kind.apiVersion() + "/" + kind.kind()
                    + " not scanned (see stderr)");
        }
        for (UnknownKind kind : report.unknownKinds()) {
            parts.add(count(kind.objects(), "object") + " of unknown kind " + kind.apiVersion() + "/" + kind.kind()
                    + " not scanned" + (kind.suggestion() != null ? " (did you mean " + kind.suggestion() + "?)"
                    : ""));
        }
        if (!report.problems().isEmpty()) {
            parts.add(count(report.problems().size(), "input error") + " (see stderr)");
        }
        return String.join("; ", parts);
    }

    static String count(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
