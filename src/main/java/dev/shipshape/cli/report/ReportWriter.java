package dev.shipshape.cli.report;

import dev.shipshape.cli.input.InputProblem;
import dev.shipshape.cli.scan.ScanListener;
import dev.shipshape.cli.scan.ScanReport;

/** A report being written as the scan goes: workloads and problems as they come, the totals at the end. */
public interface ReportWriter extends ScanListener {

    /** Most reports list input problems at the end, from {@link ScanReport#problems()}; JUnit places them in order. */
    @Override
    default void problem(InputProblem problem) {
    }

    /** Writes what comes after the workloads (or, for formats with a head, everything that was held back). */
    void finish(ScanReport report);
}
