package dev.shipshape.audit;

import java.util.HexFormat;
import java.security.NoSuchAlgorithmException;
import java.security.MessageDigest;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.shipshape.cluster.KubernetesNames;
import dev.shipshape.policy.CheckCatalog;
import dev.shipshape.policy.Finding;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.WorkloadRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the report that publishes one HardeningPolicy's audit of the existing workloads in one namespace, as a
 * {@code wgpolicyk8s.io/v1alpha2} {@code PolicyReport} or an {@code openreports.io/v1alpha1} {@code Report} (the same
 * document), for Policy Reporter, {@code kubectl get polr} / {@code kubectl get reports} and other consumers. Pure:
 * no I/O.
 *
 * <p>Its size is bounded whatever the namespace holds: there is one report per namespace and policy, never one
 * per workload; only violations become results (one {@code fail} or {@code warn} result per finding, the most
 * serious first), at most {@code maxResults} of them, and the number left out goes to the
 * {@value #OMITTED_ANNOTATION} annotation. Passes and skips are only counted in the summary.
 *
 * <p>The summary:
 * <ul>
 *   <li>{@code fail} and {@code warn}: the results at or above the policy's denySeverity and below it, counted
 *       before the cap, so they stay true when results are left out;</li>
 *   <li>{@code pass}: for every matched workload, whatever its verdict, the active checks it does not violate:
 *       {@code activeChecks} for a compliant workload, {@code activeChecks} minus its distinct violated checks
 *       for a violating one;</li>
 *   <li>{@code skip}: one per exempt workload. A {@link Verdict} does not say which checks the exemptions
 *       covered, so an exempt workload counts as one skipped check and {@code activeChecks - 1} passes;</li>
 *   <li>{@code error}: always 0, as evaluating a workload cannot fail.</li>
 * </ul>
 * Pass counts never go below 0.
 */
public final class PolicyReports {

    /** The number of results left out by the cap, absent when none is. */
    public static final String OMITTED_ANNOTATION = "shipshape.dev/results-omitted";
    public static final String SOURCE = "shipshape";
    public static final String NAME_PREFIX = "shipshape-";


    private record Row(Verdict verdict, Finding finding, boolean fail) {
    }

    private static final Comparator<Row> ORDER = Comparator.comparing((Row row) -> !row.fail())
            .thenComparing(row -> row.finding().severity())
            .thenComparing(row -> text(row.verdict().workload().kind()))
            .thenComparing(row -> text(row.verdict().workload().name()))
            .thenComparing(row -> text(row.verdict().workload().apiVersion()))
            .thenComparing(row -> text(row.finding().checkId()))
            .thenComparing(row -> row.finding().container(), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(row -> row.finding().path() == null ? "" : row.finding().path().toJsonPointer())
            .thenComparing(row -> text(row.finding().message()));

    private PolicyReports() {
    }

    /**
     * The report of {@code policyName} for {@code namespace}, of {@code api}'s kind.
     *
     * @param denySeverity the policy's denySeverity: findings at or above it are {@code fail}, the others
     *                     {@code warn}
     * @param activeChecks how many checks the policy runs, for the pass counts
     * @param verdicts the policy's verdicts on the workloads it matches in the namespace
     * @param maxResults the most results to list
     */
    public static GenericKubernetesResource build(ReportApi api, String policyName, Severity denySeverity,
                                                  int activeChecks, String namespace, List<Verdict> verdicts,
                                                  int maxResults) {
        Objects.requireNonNull(policyName, "policyName");
        Objects.requireNonNull(denySeverity, "denySeverity");
        if (maxResults < 0) {
            throw new IllegalArgumentException("maxResults must not be negative: " + maxResults);
        }
        List<Row> rows = new ArrayList<>();
        int pass = 0;
        int skip = 0;
        for (Verdict verdict : verdicts) {
            switch (verdict.status()) {
                case COMPLIANT -> pass += Math.max(0, activeChecks);
                case EXEMPT -> {
                    skip++;
                    pass += Math.max(0, activeChecks - 1);
                }
                case VIOLATING -> {
                    pass += Math.max(0, activeChecks - verdict.violatedChecks().size());
                    for (Finding finding : verdict.violations()) {
                        rows.add(new Row(verdict, finding, finding.severity().atLeast(denySeverity)));
                    }
                }
            }
        }
        rows.sort(ORDER);
        int fail = (int) rows.stream().filter(Row::fail).count();
        int warn = rows.size() - fail;
        int omitted = Math.max(0, rows.size() - maxResults);

        List<Map<String, Object>> results = new ArrayList<>();
        for (Row row : rows.subList(0, rows.size() - omitted)) {
            results.add(result(policyName, namespace, row));
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("pass", pass);
        summary.put("fail", fail);
        summary.put("warn", warn);
        summary.put("error", 0);
        summary.put("skip", skip);

        ObjectMeta metadata = new ObjectMeta();
        metadata.setName(reportName(policyName));
        metadata.setNamespace(namespace);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(KubernetesNames.MANAGED_BY_LABEL, KubernetesNames.MANAGED_BY);
        labels.put(KubernetesNames.POLICY_LABEL, policyLabelValue(policyName));
        metadata.setLabels(labels);
        if (omitted > 0) {
            Map<String, String> annotations = new LinkedHashMap<>();
            annotations.put(OMITTED_ANNOTATION, Integer.toString(omitted));
            metadata.setAnnotations(annotations);
        }

        GenericKubernetesResource report = new GenericKubernetesResource();
        report.setApiVersion(api.apiVersion());
        report.setKind(api.kind());
        report.setMetadata(metadata);
        report.setAdditionalProperty("summary", summary);
        report.setAdditionalProperty("results", results);
        return report;
    }

    private static Map<String, Object> result(String policyName, String namespace, Row row) {
        Finding finding = row.finding();
        Verdict verdict = row.verdict();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("policy", policyName);
        result.put("rule", finding.checkId());
        result.put("result", row.fail() ? "fail" : "warn");
        result.put("severity", finding.severity().id());
        CheckCatalog.find(finding.checkId())
                .ifPresent(check -> result.put("category", check.descriptor().category().title()));
        result.put("message", message(finding));
        result.put("source", SOURCE);
        result.put("resources", List.of(resource(verdict, namespace)));
        Map<String, String> properties = new LinkedHashMap<>();
        if (finding.fix() != null) {
            properties.put("fix", finding.fix());
        }
        if (finding.path() != null && !finding.path().isRoot()) {
            properties.put("path", finding.path().toString());
        }
        if (!properties.isEmpty()) {
            result.put("properties", properties);
        }
        if (verdict.auditedAt() != null) {
            result.put("timestamp", timestamp(verdict.auditedAt()));
        }
        return result;
    }

    private static String message(Finding finding) {
        String message = text(finding.message());
        String container = finding.container();
        // check messages usually name their container already, as ContainerRef.describe() does: container "web"
        if (container == null || message.contains("\"" + container + "\"")) {
            return message;
        }
        return "container " + container + ": " + message;
    }

    private static Map<String, Object> resource(Verdict verdict, String namespace) {
        WorkloadRef workload = verdict.workload();
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("apiVersion", workload.apiVersion());
        resource.put("kind", workload.kind());
        resource.put("namespace", workload.namespace() != null ? workload.namespace() : namespace);
        resource.put("name", workload.name());
        if (verdict.uid() != null) {
            resource.put("uid", verdict.uid());
        }
        return resource;
    }

    private static Map<String, Object> timestamp(Instant instant) {
        Map<String, Object> timestamp = new LinkedHashMap<>();
        timestamp.put("seconds", instant.getEpochSecond());
        timestamp.put("nanos", instant.getNano());
        return timestamp;
    }

    /** {@code shipshape-<policyName>}, shortened with a hash of the policy name if it would exceed 253 characters. */
    public static String reportName(String policyName) {
        return KubernetesNames.fit(NAME_PREFIX + policyName, KubernetesNames.MAX_NAME_LENGTH);
    }

    /**
     * The value of the {@value KubernetesNames#POLICY_LABEL} label: the policy name, or when that exceeds 63 characters its
     * start followed by a hash of the whole name, the same on every call.
     */
    public static String policyLabelValue(String policyName) {
        return KubernetesNames.labelValue(policyName);
    }

    /**
     * Whether two reports say the same: the same results, summary, labels and {@value #OMITTED_ANNOTATION}
     * annotation. Server-set metadata (resourceVersion, uid, creationTimestamp, managedFields), other
     * annotations and the results' timestamps do not count, so a report is rewritten only when its content
     * changes. Numbers compare by value, as a report read back from the API server may hold Longs where a built
     * one holds Integers.
     */
    public static boolean sameContent(GenericKubernetesResource a, GenericKubernetesResource b) {
        if (a == null || b == null) {
            return a == b;
        }
        return content(a).equals(content(b));
    }

    private record Content(Object results, Object summary, Map<String, String> labels, String omitted) {
    }

    /** Map keys sorted, so that a report the API server returns (keys sorted) and one built here agree. */
    private static final ObjectMapper FINGERPRINT_JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    /**
     * A digest of what {@link #sameContent} compares: two reports with the same content have the same fingerprint,
     * whatever the order of their keys. What the writer keeps of each report it wrote, instead of the report.
     */
    public static String fingerprint(GenericKubernetesResource report) {
        try {
            byte[] json = FINGERPRINT_JSON.writeValueAsBytes(content(report));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint PolicyReport " + report.getMetadata().getName(), e);
        }
    }

    private static Content content(GenericKubernetesResource report) {
        Map<String, Object> fields = report.getAdditionalProperties();
        ObjectMeta metadata = report.getMetadata();
        Map<String, String> labels = metadata == null || metadata.getLabels() == null ? Map.of()
                : metadata.getLabels();
        String omitted = metadata == null || metadata.getAnnotations() == null ? null
                : metadata.getAnnotations().get(OMITTED_ANNOTATION);
        return new Content(resultsWithoutTimestamps(fields.get("results")), normalize(fields.get("summary")),
                labels, omitted);
    }

    private static Object resultsWithoutTimestamps(Object results) {
        if (results == null) {
            return List.of();
        }
        if (!(results instanceof List<?> list)) {
            return normalize(results);
        }
        List<Object> normalized = new ArrayList<>();
        for (Object item : list) {
            if (item instanceof Map<?, ?> result) {
                Map<Object, Object> copy = new LinkedHashMap<>(result);
                copy.remove("timestamp");
                normalized.add(normalize(copy));
            } else {
                normalized.add(normalize(item));
            }
        }
        return normalized;
    }

    private static Object normalize(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> normalized = new LinkedHashMap<>();
            map.forEach((key, item) -> normalized.put(key, normalize(item)));
            return normalized;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(PolicyReports::normalize).toList();
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger) {
            return ((Number) value).longValue();
        }
        return value;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
