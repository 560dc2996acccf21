package dev.shipshape.cli.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.cli.input.InputProblem;
import dev.shipshape.cli.scan.ScanReport;
import dev.shipshape.cli.scan.ScannedWorkload;
import dev.shipshape.cli.scan.UndeclaredKind;
import dev.shipshape.cli.scan.UnknownKind;
import dev.shipshape.cluster.KubernetesNames;
import dev.shipshape.image.DockerfileCheck;
import dev.shipshape.image.DockerfileChecks;
import dev.shipshape.policy.ActiveCheck;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.ExemptFinding;
import dev.shipshape.policy.Finding;
import dev.shipshape.policy.Severity;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers, within GitHub's documented limits: one rule per
 * active check; one result per workload and check, with the location of every finding of that check in the
 * workload (at most {@value #MAX_LOCATIONS}); at most {@value #MAX_RESULTS} results, the most severe kept and a
 * notification saying what was left out. Results are held in temporary files by severity until the end, never in
 * memory. Exempt findings are results with an external suppression, and so are baselined ones, marked
 * {@code baselineState: unchanged}.
 */
final class SarifReport implements ReportWriter {

    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    static final String FINGERPRINT_KEY = "shipshapeFinding/v2";
    /** GitHub code scanning accepts at most this many results per run. */
    static final int MAX_RESULTS = 25_000;
    /** GitHub code scanning accepts at most this many locations per result. */
    static final int MAX_LOCATIONS = 1_000;
    private static final String INFORMATION_URI = "https://shipshape.dev";

    private final ReportSettings settings;
    private final PrintWriter out;
    private final Map<String, Integer> ruleIndexes = new HashMap<>();
    private final Map<Severity, Spool> spools = new EnumMap<>(Severity.class);
    private final Map<Severity, JsonGenerator> generators = new EnumMap<>(Severity.class);
    private final Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
    /** Ids of the Dockerfile checks of their own that reported: they get rules after the policy's checks. */
    private final Set<String> imageRulesUsed = new LinkedHashSet<>();

    SarifReport(ReportSettings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
        for (ActiveCheck check : settings.policy().checks()) {
            ruleIndexes.put(check.id(), ruleIndexes.size());
        }
        for (Severity severity : Severity.values()) {
            counts.put(severity, 0);
        }
    }

    @Override
    public void workload(ScannedWorkload workload) {
        if (!workload.result().applicable()) {
            return;
        }
        group(workload, workload.findings(), null, settings.baseline() != null ? "new" : null);
        group(workload, workload.baselined(), "in the baseline " + settings.baseline(), "unchanged");
        Map<String, List<ExemptFinding>> exempt = new LinkedHashMap<>();
        for (ExemptFinding finding : workload.result().exempt()) {
            exempt.computeIfAbsent(finding.finding().checkId(), any -> new ArrayList<>()).add(finding);
        }
        exempt.forEach((checkId, findings) -> write(workload, findings.stream().map(ExemptFinding::finding).toList(),
                findings.get(0).reason(), null));
    }

    /** One result per check among {@code findings}. */
    private void group(ScannedWorkload workload, List<Finding> findings, String suppression, String baselineState) {
        Map<String, List<Finding>> byCheck = new LinkedHashMap<>();
        for (Finding finding : findings) {
            byCheck.computeIfAbsent(finding.checkId(), any -> new ArrayList<>()).add(finding);
        }
        byCheck.values().forEach(checkFindings -> write(workload, checkFindings, suppression, baselineState));
    }

    private void write(ScannedWorkload workload, List<Finding> findings, String suppression, String baselineState) {
        Finding first = findings.get(0);
        Severity severity = first.severity();
        counts.merge(severity, 1, Integer::sum);
        try {
            JsonGenerator json = generators.get(severity);
            if (json == null) {
                Spool spool = new Spool();
                spools.put(severity, spool);
                json = JsonOutput.compactGenerator(spool.writer());
                generators.put(severity, json);
                // one result per line: the spool is copied back up to the cap line by line
                json.setRootValueSeparator(new SerializedString("\n"));
            }
            json.writeTree(result(findings, workload, suppression, baselineState));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    @Override
    public void finish(ScanReport report) {
        try {
            for (JsonGenerator json : generators.values()) {
                json.writeRaw('\n');
                json.flush();
            }
            JsonGenerator json = JsonOutput.compactGenerator(out);
            json.writeStartObject();
            json.writeStringField("$schema", SCHEMA);
            json.writeStringField("version", "2.1.0");
            json.writeArrayFieldStart("runs");
            json.writeStartObject();
            ObjectNode tool = JsonOutput.MAPPER.createObjectNode();
            ObjectNode driver = tool.putObject("driver");
            driver.put("name", "shipshape");
            driver.put("version", settings.toolVersion());
            driver.put("informationUri", INFORMATION_URI);
            ArrayNode rules = driver.putArray("rules");
            for (ActiveCheck check : settings.policy().checks()) {
                rules.add(rule(check.check().descriptor(), check.severity()));
            }
            for (DockerfileCheck check : DockerfileChecks.imageOnly()) {
                if (imageRulesUsed.contains(check.descriptor().id())) {
                    rules.add(rule(check.descriptor(), check.descriptor().severity()));
                }
            }
            json.writeFieldName("tool");
            json.writeTree(tool);
            json.writeArrayFieldStart("results");
            json.flush();
            Map<Severity, Integer> leftOut = new EnumMap<>(Severity.class);
            int written = 0;
            boolean firstResult = true;
            for (Severity severity : Severity.values()) {
                Spool spool = spools.get(severity);
                if (spool == null) {
                    continue;
                }
                int fits = Math.max(0, Math.min(counts.get(severity), MAX_RESULTS - written));
                if (fits < counts.get(severity)) {
                    leftOut.put(severity, counts.get(severity) - fits);
                }
                firstResult = spool.copyLinesTo(out, fits, firstResult);
                written += fits;
            }
            out.flush();
            json.writeEndArray();
            json.writeFieldName("invocations");
            json.writeTree(invocations(report, leftOut));
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
            json.flush();
            out.println();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            spools.values().forEach(Spool::close);
        }
    }

    private ArrayNode invocations(ScanReport report, Map<Severity, Integer> leftOut) {
        ArrayNode invocations = JsonOutput.MAPPER.createArrayNode();
        ObjectNode invocation = invocations.addObject();
        invocation.put("executionSuccessful", report.problems().isEmpty());
        ArrayNode notifications = invocation.putArray("toolExecutionNotifications");
        if (!leftOut.isEmpty()) {
            int total = leftOut.values().stream().mapToInt(Integer::intValue).sum();
            notifications.addObject().put("level", "warning").putObject("message").put("text", total
                    + " results left out (" + leftOut.entrySet().stream()
                    .map(entry -> entry.getValue() + " " + entry.getKey().id()).collect(Collectors.joining(", "))
                    + "): GitHub code scanning accepts at most " + MAX_RESULTS + " results per run, so the most "
                    + "severe " + MAX_RESULTS + " are kept; scan with --format json for all of them, or with "
                    + "--baseline to report only new ones");
        }
        for (UndeclaredKind kind : report.undeclaredKinds()) {
            notifications.addObject().put("level", "warning").putObject("message").put("text", kind.message());
        }
        for (UnknownKind kind : report.unknownKinds()) {
            notifications.addObject().put("level", "warning").putObject("message").put("text", kind.message());
        }
        if (report.emptyFailure()) {
            notifications.addObject().put("level", "error").putObject("message").put("text", report.emptyMessage());
        }
        for (InputProblem problem : report.problems()) {
            ObjectNode notification = notifications.addObject();
            notification.put("level", "error");
            notification.putObject("message").put("text", problem.message());
            ObjectNode location = notification.putArray("locations").addObject();
            physicalLocation(location, problem.file(), problem.line());
        }
        return invocations;
    }

    private static ObjectNode rule(CheckDescriptor descriptor, Severity severity) {
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
        rule.putObject("defaultConfiguration").put("level", level(severity));
        ObjectNode properties = rule.putObject("properties");
        ArrayNode tags = properties.putArray("tags");
        tags.add("security");
        tags.add("kubernetes");
        tags.add("profile:" + descriptor.profile().id());
        tags.add("category:" + descriptor.category().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        properties.put("security-severity", securitySeverity(severity));
        properties.put("precision", "very-high");
        return rule;
    }

    private ObjectNode result(List<Finding> findings, ScannedWorkload workload, String suppression,
                              String baselineState) {
        Finding first = findings.get(0);
        ObjectNode result = JsonOutput.MAPPER.createObjectNode();
        result.put("ruleId", first.checkId());
        Integer ruleIndex = ruleIndexes.get(first.checkId());
        if (ruleIndex != null) {
            result.put("ruleIndex", ruleIndex);
        } else {
            imageRulesUsed.add(first.checkId());
        }
        result.put("level", level(first.severity()));
        result.putObject("message").put("text", message(findings, workload));
        ArrayNode locations = result.putArray("locations");
        Set<String> seen = new LinkedHashSet<>();
        for (Finding finding : findings) {
            int line = workload.line(finding.path());
            String subject = workload.workload().ref().display()
                    + (finding.container() == null ? "" : " container " + finding.container());
            if (locations.size() == MAX_LOCATIONS || !seen.add(line + "|" + subject)) {
                continue;
            }
            ObjectNode location = locations.addObject();
            physicalLocation(location, workload.file(), line);
            location.putArray("logicalLocations").addObject().put("fullyQualifiedName", subject)
                    .put("kind", "resource");
        }
        result.putObject("partialFingerprints").put(FINGERPRINT_KEY, KubernetesNames.shortHash(32, workload.file(),
                first.workload().kind(), String.valueOf(first.workload().namespace()), first.workload().name(),
                first.checkId(), suppression == null ? "" : "suppressed"));
        if (baselineState != null) {
            result.put("baselineState", baselineState);
        }
        if (suppression != null) {
            result.putArray("suppressions").addObject().put("kind", "external").put("justification", suppression);
        }
        ObjectNode properties = result.putObject("properties");
        properties.put("severity", first.severity().id());
        ArrayNode paths = properties.putArray("paths");
        findings.stream().map(finding -> finding.path().toString()).distinct().forEach(paths::add);
        return result;
    }

    /** The finding's message and fix; for several findings, each message once. */
    private static String message(List<Finding> findings, ScannedWorkload workload) {
        Finding first = findings.get(0);
        if (findings.size() == 1) {
            return first.message() + ". Fix: " + first.fix();
        }
        List<String> messages = findings.stream().map(Finding::message).distinct().toList();
        String shown = messages.stream().limit(10).collect(Collectors.joining("; "));
        return findings.size() + " findings in " + workload.workload().ref().display() + ": " + shown
                + (messages.size() > 10 ? "; and " + (messages.size() - 10) + " more" : "") + ". Fix: " + first.fix();
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
