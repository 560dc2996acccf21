package dev.shipshape.audit;

import dev.shipshape.cluster.KubernetesNames;
import dev.shipshape.policy.Finding;
import dev.shipshape.policy.JsonPatchOperation;
import dev.shipshape.policy.WorkloadRef;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The core/v1 Events Shipshape posts on workloads: a Warning {@code PolicyViolation} when a workload newly
 * violates checks of a policy, and a Normal {@code Remediated} (or {@code RemediationPlanned} in dry run) when
 * its pod template was, or would be, patched.
 * <p>
 * An event's name is a hash of what it reports, so posting the same event again fails with AlreadyExists
 * instead of creating a duplicate, whichever replica posts it and however often the operator restarts.
 * Pure: builds events, posts nothing.
 */
public final class ViolationEvents {

    static final String SOURCE_COMPONENT = "shipshape";
    static final String REPORTING_COMPONENT = "shipshape.dev/operator";
    private static final String VIOLATION_REASON = "PolicyViolation";
    private static final String REMEDIATED_REASON = "Remediated";
    private static final String REMEDIATION_PLANNED_REASON = "RemediationPlanned";
    private static final String REMEDIATION_FAILED_REASON = "RemediationFailed";
    private static final String VIOLATION_ACTION = "Audit";
    private static final String REMEDIATION_ACTION = "Remediate";
    private static final int MAX_MESSAGE_LENGTH = 1024;
    /** Hex digits of the hash in an Event's name. */
    private static final int HASH_LENGTH = 12;
    private static final String NAME_INFIX = ".shipshape-";
    private static final String ELLIPSIS = "…";

    private ViolationEvents() {
    }

    /**
     * The Warning event for the checks {@code current} violates and {@code previous} did not, or empty when
     * {@code current} is not violating or violates nothing new.
     *
     * @param previous the verdict before, or null when there was none
     * @param reportingInstance the operator replica posting it, e.g. its pod name
     */
    public static Optional<Event> violation(String policy, Verdict previous, Verdict current, Instant now,
                                            String reportingInstance) {
        if (current.status() != VerdictStatus.VIOLATING) {
            return Optional.empty();
        }
        Set<String> before = previous == null ? Set.of() : previous.violatedChecks();
        Map<String, Finding> firstNewFindings = new LinkedHashMap<>();
        for (Finding finding : current.violations()) {
            if (!before.contains(finding.checkId())) {
                firstNewFindings.putIfAbsent(finding.checkId(), finding);
            }
        }
        if (firstNewFindings.isEmpty()) {
            return Optional.empty();
        }

        List<String> entries = new ArrayList<>();
        for (Finding finding : firstNewFindings.values()) {
            entries.add(finding.checkId() + " (" + finding.severity().id() + ")");
        }
        String message = "HardeningPolicy " + policy + ": newly violates " + String.join(", ", entries)
                + "; fix: " + firstNewFindings.values().iterator().next().fix();

        List<String> hashed = new ArrayList<>(List.of(policy, current.uid()));
        hashed.addAll(new TreeSet<>(firstNewFindings.keySet()));
        return Optional.of(event(policy, current, hashed, "Warning", VIOLATION_REASON, VIOLATION_ACTION, message,
                now, reportingInstance));
    }

    /**
     * The Normal event for the fields the verdict's remediation fills in.
     *
     * @param verdict a verdict whose remediation adds at least one field
     * @param dryRun whether the patch was only planned, not applied
     * @param reportingInstance the operator replica posting it, e.g. its pod name
     * @throws IllegalArgumentException when the remediation adds nothing
     */
    public static Event remediated(String policy, Verdict verdict, boolean dryRun, Instant now,
                                   String reportingInstance) {
        List<String> pointers = new ArrayList<>();
        for (JsonPatchOperation operation : verdict.remediation()) {
            if ("add".equals(operation.op())) {
                pointers.add(operation.path().toJsonPointer());
            }
        }
        if (pointers.isEmpty()) {
            throw new IllegalArgumentException("the remediation of " + verdict.workload() + " adds no field");
        }
        String reason = dryRun ? REMEDIATION_PLANNED_REASON : REMEDIATED_REASON;
        String message = "HardeningPolicy " + policy + (dryRun ? " would fill in " : " filled in ")
                + pointers.size() + " missing field(s): " + String.join(", ", pointers);

        List<String> hashed = new ArrayList<>(List.of(policy, verdict.uid(), reason));
        hashed.addAll(new TreeSet<>(pointers));
        return event(policy, verdict, hashed, "Normal", reason, REMEDIATION_ACTION, message, now, reportingInstance);
    }

    /**
     * A Warning that the API server refused the remediation patch of {@code verdict}'s workload. Named after the
     * policy, workload, fields and reason, so the same refusal is posted once.
     *
     * @param refusal what the API server answered
     */
    public static Event remediationFailed(String policy, Verdict verdict, String refusal, Instant now,
                                          String reportingInstance) {
        List<String> pointers = verdict.remediation().stream().map(operation -> operation.path().toJsonPointer())
                .toList();
        String message = "HardeningPolicy " + policy + " could not fill in " + pointers.size() + " missing field(s) ("
                + String.join(", ", pointers) + "); it tries again when the workload changes. The API server said: "
                + refusal;
        List<String> hashed = new ArrayList<>(List.of(policy, verdict.uid(), REMEDIATION_FAILED_REASON, refusal));
        hashed.addAll(new TreeSet<>(pointers));
        return event(policy, verdict, hashed, "Warning", REMEDIATION_FAILED_REASON, REMEDIATION_ACTION, message, now,
                reportingInstance);
    }

    private static Event event(String policy, Verdict verdict, List<String> hashed, String type, String reason,
                               String action, String message, Instant now, String reportingInstance) {
        WorkloadRef workload = verdict.workload();
        String timestamp = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
        return new EventBuilder()
                .withNewMetadata()
                    .withName(name(workload.name(), hashed))
                    .withNamespace(workload.namespace())
                    .withLabels(Map.of(KubernetesNames.MANAGED_BY_LABEL, KubernetesNames.MANAGED_BY,
                            KubernetesNames.POLICY_LABEL, KubernetesNames.labelValue(policy)))
                .endMetadata()
                .withType(type)
                .withReason(reason)
                .withAction(action)
                .withMessage(truncate(message))
                .withNewInvolvedObject()
                    .withApiVersion(workload.apiVersion())
                    .withKind(workload.kind())
                    .withNamespace(workload.namespace())
                    .withName(workload.name())
                    .withUid(verdict.uid())
                .endInvolvedObject()
                .withNewSource().withComponent(SOURCE_COMPONENT).endSource()
                .withReportingComponent(REPORTING_COMPONENT)
                .withReportingInstance(reportingInstance)
                .withFirstTimestamp(timestamp)
                .withLastTimestamp(timestamp)
                .withCount(1)
                .build();
    }

    /** {@code <workload name>.shipshape-<hash>}, the workload name cut so the whole stays a valid DNS subdomain. */
    static String name(String workloadName, List<String> hashed) {
        String suffix = NAME_INFIX + KubernetesNames.shortHash(HASH_LENGTH, hashed.toArray(String[]::new));
        int room = KubernetesNames.MAX_NAME_LENGTH - suffix.length();
        String prefix = workloadName.length() <= room ? workloadName
                : trimTrailingNonAlphanumerics(workloadName.substring(0, room));
        return prefix + suffix;
    }

    private static String trimTrailingNonAlphanumerics(String text) {
        int end = text.length();
        while (end > 0 && !isAsciiAlphanumeric(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    private static boolean isAsciiAlphanumeric(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    static String truncate(String message) {
        if (message.length() <= MAX_MESSAGE_LENGTH) {
            return message;
        }
        int end = MAX_MESSAGE_LENGTH - ELLIPSIS.length();
        if (Character.isHighSurrogate(message.charAt(end - 1))) {
            end--;
        }
        return message.substring(0, end) + ELLIPSIS;
    }
}
