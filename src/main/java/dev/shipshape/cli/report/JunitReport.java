package dev.shipshape.cli.report;

import dev.shipshape.cli.input.InputProblem;
import dev.shipshape.cli.scan.ScanReport;
import dev.shipshape.cli.scan.ScannedWorkload;
import dev.shipshape.policy.ExemptFinding;
import dev.shipshape.policy.Finding;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * JUnit XML for CI test report views: one test suite per input file, one test case per workload and active
 * check. A check with findings fails (one failure listing them), an exempt or baselined one is skipped, and input
 * errors are test errors. Test cases are written to temporary files as the scan goes, since each suite's counts
 * come first.
 */
final class JunitReport implements ReportWriter {

    private final ReportSettings settings;
    private final PrintWriter out;
    private final Spool suites = new Spool();
    private final Counts total = new Counts();
    private String suiteName;
    private Spool suite;
    private Counts suiteCounts;

    /** Test cases per outcome. */
    private static final class Counts {
        int tests;
        int failures;
        int errors;
        int skipped;

        void add(Counts other) {
            tests += other.tests;
            failures += other.failures;
            errors += other.errors;
            skipped += other.skipped;
        }

        String attributes() {
            return " tests=\"" + tests + "\" failures=\"" + failures + "\" errors=\"" + errors + "\" skipped=\""
                    + skipped + "\" time=\"0\"";
        }
    }

    JunitReport(ReportSettings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
    }

    @Override
    public void workload(ScannedWorkload workload) {
        if (!workload.result().applicable()) {
            return;
        }
        Spool cases = suiteFor(workload.object().file().name());
        String className = workload.workload().ref().display();
        String file = workload.file();
        for (String checkId : workload.checks()) {
            List<Finding> findings = workload.findings().stream()
                    .filter(finding -> finding.checkId().equals(checkId)).toList();
            suiteCounts.tests++;
            String start = "\n    <testcase name=\"" + attribute(checkId) + "\" classname=\""
                    + attribute(className) + "\" file=\"" + attribute(file) + "\""
                    + (workload.line() > 0 ? " line=\"" + workload.line() + "\"" : "") + " time=\"0\"";
            if (!findings.isEmpty()) {
                suiteCounts.failures++;
                String text = findings.stream()
                        .map(finding -> file + ":" + workload.line(finding.path()) + ": " + finding.severity().id()
                                + ": " + finding.message() + "\nfix: " + finding.fix())
                        .collect(Collectors.joining("\n"));
                String message = findings.size() == 1 ? findings.get(0).message()
                        : findings.size() + " findings: " + findings.stream().map(Finding::message)
                        .collect(Collectors.joining("; "));
                cases.append(start + ">\n      <failure message=\"" + attribute(message) + "\" type=\""
                        + findings.get(0).severity().id() + "\">" + text(text) + "</failure>\n    </testcase>");
                continue;
            }
            String skipped = skippedBecause(workload, checkId);
            if (skipped != null) {
                suiteCounts.skipped++;
                cases.append(start + ">\n      <skipped message=\"" + attribute(skipped) + "\"/>\n    </testcase>");
            } else {
                cases.append(start + "/>");
            }
        }
    }

    private String skippedBecause(ScannedWorkload workload, String checkId) {
        for (ExemptFinding exempt : workload.result().exempt()) {
            if (exempt.finding().checkId().equals(checkId)) {
                return "exempt: " + exempt.reason();
            }
        }
        for (Finding finding : workload.baselined()) {
            if (finding.checkId().equals(checkId)) {
                return "in the baseline " + settings.baseline();
            }
        }
        return null;
    }

    @Override
    public void problem(InputProblem problem) {
        Spool cases = suiteFor(problem.file());
        suiteCounts.tests++;
        suiteCounts.errors++;
        cases.append("\n    <testcase name=\"input\" classname=\"" + attribute(problem.file()) + "\" file=\""
                + attribute(problem.file()) + "\"" + (problem.line() > 0 ? " line=\"" + problem.line() + "\"" : "")
                + " time=\"0\">\n      <error message=\"" + attribute(problem.format())
                + "\" type=\"InputError\">" + text(problem.format()) + "</error>\n    </testcase>");
    }

    /** The test cases of the suite for {@code file}: the current one, or a new one when the file changes. */
    private Spool suiteFor(String file) {
        if (!file.equals(suiteName)) {
            closeSuite();
            suiteName = file;
            suite = new Spool();
            suiteCounts = new Counts();
        }
        return suite;
    }

    private void closeSuite() {
        if (suite == null) {
            return;
        }
        suites.append("\n  <testsuite name=\"" + attribute(suiteName) + "\"" + suiteCounts.attributes() + ">");
        suite.copyTo(suites.writer());
        suites.append("\n  </testsuite>");
        suite.close();
        total.add(suiteCounts);
        suite = null;
    }

    @Override
    public void finish(ScanReport report) {
        closeSuite();
        out.print("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\""
                + attribute("shipshape " + report.policy().name()) + "\"" + total.attributes() + ">");
        suites.copyTo(out);
        suites.close();
        out.print("\n</testsuites>\n");
        out.flush();
    }

    /** Text for an attribute value: markup escaped, line breaks kept as character references. */
    static String attribute(String value) {
        return text(value).replace("\"", "&quot;").replace("\n", "&#10;").replace("\r", "&#13;")
                .replace("\t", "&#9;");
    }

    /** Text for element content: markup escaped, characters XML 1.0 cannot carry dropped. */
    static String text(String value) {
        return clean(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Drops the characters XML 1.0 cannot carry at all, such as most control characters. */
    static String clean(String text) {
        StringBuilder cleaned = new StringBuilder(text.length());
        text.codePoints().filter(JunitReport::allowedInXml).forEach(cleaned::appendCodePoint);
        return cleaned.toString();
    }

    private static boolean allowedInXml(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD
                || c >= 0x10000 && c <= 0x10FFFF;
    }
}
