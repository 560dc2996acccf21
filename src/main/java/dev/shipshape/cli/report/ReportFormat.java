package dev.shipshape.cli.report;

import java.io.PrintWriter;

/** The output formats of {@code scan}. */
public enum ReportFormat {
    TABLE,
    JSON,
    SARIF,
    JUNIT,
    HTML;

    /** Starts a report in this format on {@code out}; the scan then streams into it. */
    public ReportWriter open(ReportSettings settings, PrintWriter out) {
        return switch (this) {
            case TABLE -> new TableReport(settings, out);
            case JSON -> new JsonReport(settings, out);
            case SARIF -> new SarifReport(settings, out);
            case JUNIT -> new JunitReport(settings, out);
            case HTML -> new HtmlReport(settings, out);
        };
    }
}
