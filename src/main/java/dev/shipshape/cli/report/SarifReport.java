package dev.shipshape.cli.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.cli.input.InputProblem;
import dev.shipshape.cli.scan.ScanReport;
import dev.shipshape.cli.scan.UndeclaredKind;
import dev.shipshape.cli.scan.ScannedWorkload;
import dev.shipshape.cluster.KubernetesNames;
import dev.shipshape.policy.ActiveCheck;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.ExemptFinding;
import dev.shipshape.policy.Finding;
import dev.shipshape.policy.Severity;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one rule per active check, one result per
 * finding located at the offending field (or its nearest existing parent). Exempt findings are results with an
 * external suppression.
 */
final class SarifReport {

    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    static final String FINGERPRINT_KEY = "shipshapeFinding/v1";
    private static final String INFORMATION_URI = "https://shipshape.dev";

    private SarifReport() {
    }

    static void write(ScanReport report, PrintWriter out) {
        out.print(JsonOutput.pretty(toJson(report)));
        out.flush();
    }

    static ObjectNode toJson(ScanReport report) {
        ObjectNode root = JsonOutput.MAPPER.createObjectNode();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "shipshape");
        driver.put("version", report.toolVersion());
        driver.put("informationUri", INFORMATION_URI);
        ArrayNode rules = driver.putArray("rules");
        Map<String, Integer> ruleIndexes = new HashMap<>();
        for (ActiveCheck check : report.policy().checks()) {
            ruleIndexes.put(check.id(), rules.size());
            rules.add(rule(check));
        }
        ObjectNode invocation = run.putArray("invocations").addObject();
        invocation.put("executionSuccessful", report.problems().isEmpty());
        ArrayNode notifications = invocation.putArray("toolExecutionNotifications");
        for (UndeclaredKind kind : report.undeclaredKinds()) {
            notifications.addObject().put("level", "warning").putObject("message").put("text", kind.message());
        }
        for (InputProblem problem : report.problems()) {
            ObjectNode notification = notifications.addObject();
            notification.put("level", "error");
            notification.putObject("message").put("text", problem.message());
            ObjectNode location = notification.putArray("locations").addObject();
            physicalLocation(location, problem.file(), problem.line());
        }
        ArrayNode results = run.putArray("results");
        Set<String> fingerprints = new HashSet<>();
        for (ScannedWorkload workload : report.matched()) {
            for (Finding finding : workload.result().violations()) {
                results.add(result(finding, workload, ruleIndexes, fingerprints));
            }
            for (ExemptFinding exempt : workload.result().exempt()) {
                ObjectNode result = result(exempt.finding(), workload, ruleIndexes, fingerprints);
                result.putArray("suppressions").addObject()
                        .put("kind", "external")
                        .put("justification", exempt.reason());
                results.add(result);
            }
        }
        return root;
    }

    private static ObjectNode rule(ActiveCheck check) {
        CheckDescriptor descriptor = check.check().descriptor();
        ObjectNode rule = JsonOutput.MAPPER.createObjectNode();
        rule.put("id", descriptor.id());
        rule.put("name", ruleName(descriptor.title()));
        rule.putObject("shortDescription").put("text", descriptor.title());
        rule.putObject("fullDescription").put("text", descriptor.why());
        ObjectNode help = rule.putObject("help");
        String fields = String.join(", ", descriptor.fields());
        help.put("text", descriptor.fix() + "\nFields: " + fields);
        help.put("markdown", "**How to fix:** " + descriptor.fix() + "\n\n" + descriptor.why()
                + "\n\n**Fields:** " + descriptor.fields().stream().map(field -> "`" + field + "`")
                .collect(Collectors.joining(", "))
                + "\n\n**Automatic fix:** " + (descriptor.remediable()
                ? "`shipshape fix` " + descriptor.remediation() : "none"));
        rule.putObject("defaultConfiguration").put("level", level(check.severity()));
        ObjectNode properties = rule.putObject("properties");
        ArrayNode tags = properties.putArray("tags");
        tags.add("security");
        tags.add("kubernetes");
        tags.add("profile:" + descriptor.profile().id());
        tags.add("category:" + descriptor.category().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        properties.put("security-severity", securitySeverity(check.severity()));
        properties.put("precision", "very-high");
        return rule;
    }

    private static ObjectNode result(Finding finding, ScannedWorkload workload, Map<String, Integer> ruleIndexes,
                                     Set<String> fingerprints) {
        ObjectNode result = JsonOutput.MAPPER.createObjectNode();
        result.put("ruleId", finding.checkId());
        result.put("ruleIndex", ruleIndexes.get(finding.checkId()));
        result.put("level", level(finding.severity()));
        result.putObject("message").put("text", finding.message() + ". Fix: " + finding.fix());
        ObjectNode location = result.putArray("locations").addObject();
        physicalLocation(location, workload.file(), workload.line(finding.path()));
        location.putArray("logicalLocations").addObject()
                .put("fullyQualifiedName", finding.workload().display()
                        + (finding.container() == null ? "" : " container " + finding.container()))
                .put("kind", "resource");
        result.putObject("partialFingerprints").put(FINGERPRINT_KEY, fingerprint(finding, workload, fingerprints));
        result.putObject("properties").put("path", finding.path().toString()).put("severity", finding.severity().id());
        return result;
    }

    private static void physicalLocation(ObjectNode location, String file, int line) {
        ObjectNode physical = location.putObject("physicalLocation");
        physical.putObject("artifactLocation").put("uri", uri(file));
        if (line > 0) {
            physical.putObject("region").put("startLine", line);
        }
    }

    /** The file as a relative URI reference: forward slashes, reserved characters percent-encoded. */
    static String uri(String file) {
        try {
            return new URI(null, null, file, null).toASCIIString();
        } catch (URISyntaxException e) {
            return file;
        }
    }

    /**
     * Identifies a finding across runs independently of its line, so that code scanning tracks it while the
     * file around it changes. Repeats within a run are numbered.
     */
    private static String fingerprint(Finding finding, ScannedWorkload workload, Set<String> seen) {
        String identity = String.join("|", workload.file(), finding.workload().kind(),
                String.valueOf(finding.workload().namespace()), finding.workload().name(), finding.checkId(),
                String.valueOf(finding.container()), finding.path().toString());
        String fingerprint = KubernetesNames.sha256(identity);
        for (int repeat = 1; !seen.add(fingerprint); repeat++) {
            fingerprint = KubernetesNames.sha256(identity + "|" + repeat);
        }
        return fingerprint;
    }

    /** SARIF levels: critical and high are errors, medium warnings, low notes. */
    static String level(Severity severity) {
        return switch (severity) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW -> "note";
        };
    }

    /** GitHub's scale: 9.0+ critical, 7.0-8.9 high, 4.0-6.9 medium, below 4.0 low. */
    static String securitySeverity(Severity severity) {
        return switch (severity) {
            case CRITICAL -> "9.5";
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW -> "3.0";
        };
    }

    /** A rule name in SARIF's identifier style: the title in PascalCase, e.g. {@code PrivilegedContainers}. */
    static String ruleName(String title) {
        StringBuilder name = new StringBuilder();
        for (String word : title.split("[^A-Za-z0-9]+")) {
            if (!word.isEmpty()) {
                name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return name.toString();
    }
}
