package dev.shipshape.cli;

import java.io.PrintWriter;

/** The output formats of {@code scan}. */
enum ReportFormat {
    TABLE,
    JSON,
    SARIF,
    JUNIT;

    void write(ScanReport report, PrintWriter out, Ansi ansi) {
        switch (this) {
            case TABLE -> TableReport.write(report, out, ansi);
            case JSON -> JsonReport.write(report, out);
            case SARIF -> SarifReport.write(report, out);
            case JUNIT -> JunitReport.write(report, out);
        }
    }
}
