package dev.shipshape.cli.report;

import dev.shipshape.cli.scan.ScanReport;

import java.io.PrintWriter;

/** The output formats of {@code scan}. */
public enum ReportFormat {
    TABLE,
    JSON,
    SARIF,
    JUNIT;

    public void write(ScanReport report, PrintWriter out, Ansi ansi) {
        switch (this) {
            case TABLE -> TableReport.write(report, out, ansi);
            case JSON -> JsonReport.write(report, out);
            case SARIF -> SarifReport.write(report, out);
            case JUNIT -> JunitReport.write(report, out);
        }
    }
}
