package dev.shipshape.cli.report;

import dev.shipshape.cli.scan.ScanReport;
import dev.shipshape.cli.scan.ScannedWorkload;
import dev.shipshape.cli.scan.UndeclaredKind;
import dev.shipshape.cli.scan.UnknownKind;
import dev.shipshape.policy.ExemptFinding;
import dev.shipshape.policy.Finding;
import dev.shipshape.policy.Severity;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/**
 * A self-contained HTML page (one file, no network): the summary, the findings per check, and every workload with
 * findings, each with its fix. A severity filter hides rows in the browser. Workloads are written to a temporary
 * file as the scan goes, since the summary comes first on the page.
 */
final class HtmlReport implements ReportWriter {

    private static final String STYLE = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:72rem;\
            padding:0 1rem;color:#1d2330}
            h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem}
            .meta{color:#5b6475}table{border-collapse:collapse;width:100%;margin:.5rem 0}
            th,td{text-align:left;vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid #e3e6ec}
            th{background:#f4f6f9;font-weight:600}code{font-size:.92em}
            .sev{font-weight:700;font-size:.8rem;border-radius:3px;padding:.1rem .35rem;color:#fff}
            .critical{background:#8b1a1a}.high{background:#c4432b}.medium{background:#b7791f}.low{background:#4a6fa5}
            .fix{color:#2f5132}.workload{border:1px solid #e3e6ec;border-radius:6px;padding:.2rem 1rem;margin:1rem 0}
            .workload h3{font-size:1rem;margin:.6rem 0}.location{color:#5b6475;font-weight:400}
            .cards{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #e3e6ec;border-radius:6px;\
            padding:.6rem 1rem;min-width:9rem}.card b{display:block;font-size:1.4rem}
            .notes li{color:#8a5a00}.errors li{color:#8b1a1a}#filter label{margin-right:1rem}
            """;

    private static final String SCRIPT = """
            function shipshapeFilter(){
              var shown=0,total=0;
              document.querySelectorAll('tr.finding').forEach(function(row){
                var on=document.getElementById('show-'+row.dataset.severity).checked;
                row.hidden=!on;total++;if(on){shown++;}
              });
              document.querySelectorAll('section.workload').forEach(function(section){
                section.hidden=section.querySelectorAll('tr.finding:not([hidden])').length===0
                  &&section.querySelectorAll('tr.finding').length>0;
              });
              document.getElementById('showing').textContent='Showing '+shown+' of '+total+' findings';
            }
            document.querySelectorAll('#filter input').forEach(function(box){
              box.addEventListener('change',shipshapeFilter);
            });
            shipshapeFilter();
            """;

    private final ReportSettings settings;
    private final PrintWriter out;
    private final Spool workloads = new Spool();

    HtmlReport(ReportSettings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
    }

    @Override
    public void workload(ScannedWorkload workload) {
        if (!workload.result().applicable() || workload.findings().isEmpty() && workload.result().exempt().isEmpty()) {
            return;
        }
        StringBuilder html = new StringBuilder();
        html.append("<section class=\"workload\"><h3>").append(escape(workload.workload().ref().display()))
                .append(" <span class=\"location\">").append(escape(workload.file() + ":" + workload.line()))
                .append("</span></h3>\n<table><tr><th>Severity</th><th>Check</th><th>Where</th>")
                .append("<th>Finding</th></tr>\n");
        for (Finding finding : workload.findings()) {
            String severity = finding.severity().id();
            html.append("<tr class=\"finding\" data-severity=\"").append(severity).append("\"><td><span class=\"sev ")
                    .append(severity).append("\">").append(severity.toUpperCase(Locale.ROOT))
                    .append("</span></td><td><code>").append(escape(finding.checkId())).append("</code></td><td>")
                    .append(escape(workload.subject(finding)))
                    .append(", line ").append(workload.line(finding.path())).append("</td><td>")
                    .append(escape(finding.message())).append("<div class=\"fix\">Fix: ").append(escape(finding.fix()))
                    .append("</div></td></tr>\n");
        }
        for (ExemptFinding exempt : workload.result().exempt()) {
            html.append("<tr class=\"exempt\"><td>exempt</td><td><code>").append(escape(exempt.finding().checkId()))
                    .append("</code></td><td>").append(escape(workload.subject(exempt.finding())))
                    .append("</td><td>").append(escape(exempt.reason())).append("</td></tr>\n");
        }
        if (!workload.baselined().isEmpty()) {
            html.append("<tr class=\"baselined\"><td colspan=\"4\">").append(workload.baselined().size())
                    .append(" more in the baseline</td></tr>\n");
        }
        html.append("</table></section>\n");
        workloads.append(html.toString());
    }


    @Override
    public void finish(ScanReport report) {
        try {
            out.print("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                    + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                    + "<title>Shipshape scan: " + escape(report.policy().name()) + "</title><style>" + STYLE
                    + "</style></head>\n<body>\n<h1>Shipshape scan</h1>\n<p class=\"meta\">Policy <b>"
                    + escape(report.policy().name()) + "</b> (profile " + escape(report.policy().profile().id())
                    + "), fail on " + report.failOn().id() + ", shipshape " + escape(settings.toolVersion())
                    + (settings.baseline() != null ? ", baseline " + escape(settings.baseline()) : "") + "</p>\n");
            Double score = report.complianceScore();
            out.print("<div class=\"cards\">" + card("Compliance", score == null ? "n/a"
                    : String.format(Locale.ROOT, "%.1f%%", score), "id=\"score\"")
                    + card("compliant workloads", report.compliant() + " of " + report.matched(), ""));
            for (Map.Entry<Severity, Integer> entry : report.findingsBySeverity().entrySet()) {
                out.print(card(entry.getKey().id(), Integer.toString(entry.getValue()),
                        "data-severity=\"" + entry.getKey().id() + "\""));
            }
            out.print(card("Result", report.exitCode() == 0 ? "pass" : "fail", "id=\"result\"") + "</div>\n");
            writeNotes(report);
            out.print("<h2>Findings by check</h2>\n<table id=\"checks\"><tr><th>Severity</th><th>Check</th>"
                    + "<th>Findings</th><th>Workloads</th><th>Fix</th></tr>\n");
            for (Map.Entry<String, ScanReport.CheckTally> entry : report.checksWithFindings()) {
                String severity = entry.getValue().severity().id();
                out.print("<tr><td><span class=\"sev " + severity + "\">" + severity.toUpperCase(Locale.ROOT)
                        + "</span></td><td><code>" + escape(entry.getKey()) + "</code></td><td>"
                        + entry.getValue().findings() + "</td><td>" + entry.getValue().workloads()
                        + "</td><td class=\"fix\">" + escape(entry.getValue().fix()) + "</td></tr>\n");
            }
            out.print("</table>\n<h2>Workloads</h2>\n<p id=\"filter\">");
            for (Severity severity : Severity.values()) {
                out.print("<label><input type=\"checkbox\" id=\"show-" + severity.id() + "\" checked> "
                        + severity.id() + "</label>");
            }
            out.print("<span id=\"showing\"></span></p>\n");
            out.flush();
            workloads.copyTo(out);
            out.print("<script>" + SCRIPT + "</script>\n</body></html>\n");
            out.flush();
        } finally {
            workloads.close();
        }
    }

    private void writeNotes(ScanReport report) {
        StringBuilder notes = new StringBuilder();
        for (UndeclaredKind kind : report.undeclaredKinds()) {
            notes.append("<li>").append(escape(kind.message())).append("</li>");
        }
        for (UnknownKind kind : report.unknownKinds()) {
            notes.append("<li>").append(escape(kind.message())).append("</li>");
        }
        if (report.emptyFailure()) {
            notes.append("<li>").append(escape(report.emptyMessage())).append("</li>");
        }
        if (!notes.isEmpty()) {
            out.print("<h2>Notes</h2><ul class=\"notes\">" + notes + "</ul>\n");
        }
        if (!report.problems().isEmpty()) {
            out.print("<h2>Input errors</h2><ul class=\"errors\">");
            report.problems().forEach(problem -> out.print("<li>" + escape(problem.format()) + "</li>"));
            out.print("</ul>\n");
        }
    }

    private static String card(String title, String value, String attributes) {
        return "<div class=\"card\"" + (attributes.isEmpty() ? "" : " " + attributes) + "><b>" + escape(value)
                + "</b>" + escape(title) + "</div>";
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
