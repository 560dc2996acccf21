package dev.shipshape.cli.report;

import dev.shipshape.cli.input.InputProblem;
import dev.shipshape.cli.scan.ScanReport;
import dev.shipshape.cli.scan.ScannedWorkload;
import dev.shipshape.policy.ActiveCheck;
import dev.shipshape.policy.ExemptFinding;
import dev.shipshape.policy.Finding;
import dev.shipshape.policy.Severity;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * JUnit XML for CI test report views: one test suite per input file, one test case per workload and active
 * check. A check with findings fails (one failure listing them), an exempt one is skipped, and input errors
 * are test errors.
 */
final class JunitReport {

    private JunitReport() {
    }

    private record Case(String name, String className, String file, int line, String failureMessage,
                        String failureType, String failureText, String skippedMessage, String errorMessage) {
    }

    static void write(ScanReport report, PrintWriter out) {
        out.print(toXml(report));
        out.flush();
    }

    static String toXml(ScanReport report) {
        Set<String> names = new LinkedHashSet<>();
        report.files().forEach(file -> names.add(file.name()));
        report.problems().forEach(problem -> names.add(problem.file()));
        Map<String, List<Case>> suites = new LinkedHashMap<>();
        for (String name : names) {
            List<Case> cases = cases(report, name);
            if (!cases.isEmpty()) {
                suites.put(name, cases);
            }
        }
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(text);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "shipshape " + report.policy().name());
            writeCounts(xml, suites.values().stream().flatMap(List::stream).toList());
            for (Map.Entry<String, List<Case>> suite : suites.entrySet()) {
                writeSuite(xml, suite.getKey(), suite.getValue());
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write JUnit XML", e);
        }
        return text.toString();
    }

    private static List<Case> cases(ScanReport report, String file) {
        List<Case> cases = new ArrayList<>();
        for (InputProblem problem : report.problemsIn(file)) {
            cases.add(new Case("input", file, file, problem.line(), null, null, null, null, problem.format()));
        }
        for (ScannedWorkload workload : report.workloadsIn(file)) {
            if (!workload.result().applicable()) {
                continue;
            }
            String className = workload.workload().ref().display();
            for (ActiveCheck check : report.policy().checks()) {
                List<Finding> findings = workload.result().violations().stream()
                        .filter(finding -> finding.checkId().equals(check.id())).toList();
                List<ExemptFinding> exempt = workload.result().exempt().stream()
                        .filter(finding -> finding.finding().checkId().equals(check.id())).toList();
                if (!findings.isEmpty()) {
                    Severity severity = findings.get(0).severity();
                    String text = findings.stream()
                            .map(finding -> file + ":" + workload.line(finding.path()) + ": "
                                    + finding.severity().id() + ": " + finding.message() + "\nfix: " + finding.fix())
                            .collect(Collectors.joining("\n"));
                    String message = findings.size() == 1 ? findings.get(0).message()
                            : findings.size() + " findings: " + findings.stream().map(Finding::message)
                            .collect(Collectors.joining("; "));
                    cases.add(new Case(check.id(), className, file, workload.line(), message, severity.id(), text,
                            null, null));
                } else if (!exempt.isEmpty()) {
                    cases.add(new Case(check.id(), className, file, workload.line(), null, null, null,
                            "exempt: " + exempt.get(0).reason(), null));
                } else {
                    cases.add(new Case(check.id(), className, file, workload.line(), null, null, null, null, null));
                }
            }
        }
        return cases;
    }

    private static void writeSuite(XMLStreamWriter xml, String name, List<Case> cases) throws XMLStreamException {
        xml.writeCharacters("\n  ");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", clean(name));
        writeCounts(xml, cases);
        for (Case testCase : cases) {
            xml.writeCharacters("\n    ");
            boolean passed = testCase.failureMessage() == null && testCase.skippedMessage() == null
                    && testCase.errorMessage() == null;
            if (passed) {
                xml.writeEmptyElement("testcase");
            } else {
                xml.writeStartElement("testcase");
            }
            xml.writeAttribute("name", clean(testCase.name()));
            xml.writeAttribute("classname", clean(testCase.className()));
            xml.writeAttribute("file", clean(testCase.file()));
            if (testCase.line() > 0) {
                xml.writeAttribute("line", Integer.toString(testCase.line()));
            }
            xml.writeAttribute("time", "0");
            if (passed) {
                continue;
            }
            xml.writeCharacters("\n      ");
            if (testCase.failureMessage() != null) {
                xml.writeStartElement("failure");
                xml.writeAttribute("message", clean(testCase.failureMessage()));
                xml.writeAttribute("type", testCase.failureType());
                xml.writeCharacters(clean(testCase.failureText()));
                xml.writeEndElement();
            } else if (testCase.skippedMessage() != null) {
                xml.writeEmptyElement("skipped");
                xml.writeAttribute("message", clean(testCase.skippedMessage()));
            } else {
                xml.writeStartElement("error");
                xml.writeAttribute("message", clean(testCase.errorMessage()));
                xml.writeAttribute("type", "InputError");
                xml.writeCharacters(clean(testCase.errorMessage()));
                xml.writeEndElement();
            }
            xml.writeCharacters("\n    ");
            xml.writeEndElement();
        }
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
    }

    private static void writeCounts(XMLStreamWriter xml, List<Case> cases) throws XMLStreamException {
        xml.writeAttribute("tests", Integer.toString(cases.size()));
        xml.writeAttribute("failures", Long.toString(cases.stream().filter(c -> c.failureMessage() != null).count()));
        xml.writeAttribute("errors", Long.toString(cases.stream().filter(c -> c.errorMessage() != null).count()));
        xml.writeAttribute("skipped", Long.toString(cases.stream().filter(c -> c.skippedMessage() != null).count()));
        xml.writeAttribute("time", "0");
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
