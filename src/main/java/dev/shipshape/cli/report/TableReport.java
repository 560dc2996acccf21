package dev.shipshape.cli.report;

import dev.shipshape.cli.scan.ScanReport;
import dev.shipshape.cli.scan.UndeclaredKind;
import dev.shipshape.cli.scan.ScannedWorkload;
import dev.shipshape.policy.ExemptFinding;
import dev.shipshape.policy.Exemption;
import dev.shipshape.policy.Finding;
import dev.shipshape.policy.Severity;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The human-readable report: findings grouped by workload, then a summary and the compliance score. */
final class TableReport {

    private static final String INDENT = "            ";

    private TableReport() {
    }

    static void write(ScanReport report, PrintWriter out, Ansi ansi) {
        for (ScannedWorkload workload : report.matched()) {
            writeWorkload(workload, out, ansi);
        }
        if (!report.matched().isEmpty()) {
            out.println();
        }
        out.println(summary(report));
        Double score = report.complianceScore();
        String scoreText = score == null ? "n/a (no workloads)"
                : String.format(Locale.ROOT, "%.1f%% (%d of %d workloads compliant)", score, report.compliant(),
                report.matched().size());
        out.println("Compliance score: " + (score == null ? scoreText
                : score == 100.0 ? ansi.green(scoreText) : ansi.bold(scoreText)));
        out.flush();
    }

    private static void writeWorkload(ScannedWorkload workload, PrintWriter out, Ansi ansi) {
        String heading = workload.file() + ":" + workload.line() + "  " + ansi.bold(workload.workload().ref().display());
        List<Finding> violations = workload.result().violations();
        if (violations.isEmpty() && workload.result().exempt().isEmpty()) {
            out.println(heading + "  " + ansi.green("compliant"));
            return;
        }
        out.println(heading + "  " + (violations.isEmpty() ? ansi.green("compliant")
                : violations.size() + (violations.size() == 1 ? " finding" : " findings")));
        for (Finding finding : violations) {
            out.println("  " + ansi.severity(finding.severity(), pad(finding.severity().name(), 9)) + " "
                    + ansi.bold(finding.checkId()) + "  " + subject(finding) + "  "
                    + ansi.dim("line " + workload.line(finding.path())));
            out.println(INDENT + finding.message());
            out.println(INDENT + ansi.dim("fix: " + finding.fix()));
        }
        for (ExemptFinding exempt : workload.result().exempt()) {
            Finding finding = exempt.finding();
            out.println("  " + pad("exempt", 9) + " " + finding.checkId() + "  " + subject(finding) + "  "
                    + ansi.dim("line " + workload.line(finding.path())));
            out.println(INDENT + ansi.dim(exempt.reason()));
        }
        for (Exemption expired : workload.result().expiredExemptions()) {
            out.println("  " + ansi.yellow(pad("expired", 9)) + " exemption #" + expired.index() + " expired "
                    + expired.expires() + ": " + expired.reason());
        }
    }

    private static String subject(Finding finding) {
        return finding.container() == null ? "pod" : "container " + finding.container();
    }

    private static String summary(ScanReport report) {
        List<String> parts = new ArrayList<>();
        parts.add(count(report.matched().size(), "workload") + " scanned: " + report.compliant() + " compliant, "
                + report.violating() + " violating");
        parts.add(count(report.exemptFindings(), "exempt finding"));
        List<String> bySeverity = new ArrayList<>();
        for (Map.Entry<Severity, Integer> entry : report.findingsBySeverity().entrySet()) {
            bySeverity.add(entry.getValue() + " " + entry.getKey().id());
        }
        parts.add("findings: " + String.join(", ", bySeverity));
        if (report.notMatched() > 0) {
            parts.add(count(report.notMatched(), "workload") + " not matched by policy " + report.policy().name());
        }
        parts.add(count(report.skippedDocuments(), "non-workload document") + " skipped");
        for (UndeclaredKind kind : report.undeclaredKinds()) {
            parts.add(count(kind.objects(), "object") + " of undeclared kind " + kind.apiVersion() + "/" + kind.kind()
                    + " not scanned (see stderr)");
        }
        if (!report.problems().isEmpty()) {
            parts.add(count(report.problems().size(), "input error") + " (see stderr)");
        }
        return String.join("; ", parts);
    }

    private static String count(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
