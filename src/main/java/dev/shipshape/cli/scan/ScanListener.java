package dev.shipshape.cli.scan;

import dev.shipshape.cli.input.InputProblem;

/** Gets what a scan finds as it finds it, in input order, so that nothing of it needs to be kept. */
public interface ScanListener {

    /** A workload, matched by the policy or not. */
    void workload(ScannedWorkload workload);

    /** An input problem, in input order. */
    void problem(InputProblem problem);
}
