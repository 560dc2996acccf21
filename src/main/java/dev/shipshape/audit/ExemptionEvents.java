package dev.shipshape.audit;

import dev.shipshape.api.v1alpha1.HardeningExemption;
import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.cluster.KubernetesNames;
import dev.shipshape.policy.Exemption;
import dev.shipshape.policy.ExemptionExpiry;
import dev.shipshape.policy.ExemptionRequest;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Warning Events about exemptions that end: {@code ExemptionExpiring} 7 days and again 1 day before an exemption
 * expires, {@code ExemptionExpired} once it has; on the HardeningPolicy for its own exemptions (cluster-scoped
 * objects' Events live in the {@code default} namespace), on the HardeningExemption, in its namespace, for an app
 * team's. Named by a hash of the object, the exemption and the warning, so each is posted once whichever replica
 * posts it. Pure: builds Events, posts nothing.
 */
public final class ExemptionEvents {

    static final String EVENT_NAMESPACE = "default";
    static final String EXPIRING_REASON = "ExemptionExpiring";
    static final String EXPIRED_REASON = "ExemptionExpired";
    private static final String ACTION = "Audit";

    private ExemptionEvents() {
    }

    /** The Event due at {@code now} for the policy's own exemption, if any. */
    public static Optional<Event> due(HardeningPolicy policy, Exemption exemption, Instant now,
                                      String reportingInstance) {
        String name = policy.getMetadata().getName();
        String uid = String.valueOf(policy.getMetadata().getUid());
        Involved involved = new Involved(policy.getApiVersion(), policy.getKind(), EVENT_NAMESPACE, null, name, uid,
                List.of(name, uid, String.valueOf(exemption.index())), Map.of(KubernetesNames.POLICY_LABEL,
                KubernetesNames.labelValue(name)));
        return due(involved, "HardeningPolicy " + name + ": spec.exemptions[" + exemption.index() + "] (\""
                + exemption.reason() + "\")", "remove it from the policy or extend its expires", exemption, now,
                reportingInstance);
    }

    /** The Event due at {@code now} for a HardeningExemption that some policy honours, if any. */
    public static Optional<Event> due(HardeningExemption object, ExemptionRequest request, Instant now,
                                      String reportingInstance) {
        String uid = String.valueOf(object.getMetadata().getUid());
        Involved involved = new Involved(object.getApiVersion(), object.getKind(), request.namespace(),
                request.namespace(), request.name(), uid, List.of(request.key(), uid), Map.of());
        return due(involved, "HardeningExemption " + request.key() + " (\"" + request.reason() + "\")",
                "delete it or ask for a new one", request.exemption(), now, reportingInstance);
    }

    /**
     * The object an Event is about.
     *
     * @param eventNamespace where the Event lives
     * @param namespace the object's namespace, null for a cluster-scoped one
     * @param identity what names the Event, with the exemption's expiry and the warning
     */
    private record Involved(String apiVersion, String kind, String eventNamespace, String namespace, String name,
                            String uid, List<String> identity, Map<String, String> labels) {
    }

    private static Optional<Event> due(Involved involved, String subject, String whenExpired, Exemption exemption,
                                       Instant now, String reportingInstance) {
        return switch (ExemptionExpiry.state(exemption, now)) {
            case ACTIVE -> Optional.empty();
            case EXPIRING -> {
                Duration warning = ExemptionExpiry.warningDue(exemption, now).orElseThrow();
                yield Optional.of(event(involved, exemption, EXPIRING_REASON, warning.toDays() + "d", subject
                        + " expires at " + exemption.expires() + ", within " + days(warning) + ". The findings it "
                        + "covers then count again, and Enforce denies them: fix the workloads, or extend its "
                        + "expires.", now, reportingInstance));
            }
            case EXPIRED -> Optional.of(event(involved, exemption, EXPIRED_REASON, "expired", subject
                    + " expired at " + exemption.expires() + ". The findings it covered count again; " + whenExpired
                    + ".", now, reportingInstance));
        };
    }

    private static String days(Duration warning) {
        long days = warning.toDays();
        return days == 1 ? "1 day" : days + " days";
    }

    private static Event event(Involved involved, Exemption exemption, String reason, String stage,
                               String message, Instant now, String reportingInstance) {
        String timestamp = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
        List<String> identity = new ArrayList<>(involved.identity());
        identity.add(exemption.expires().toString());
        identity.add(stage);
        Map<String, String> labels = new HashMap<>(involved.labels());
        labels.put(KubernetesNames.MANAGED_BY_LABEL, KubernetesNames.MANAGED_BY);
        return new EventBuilder()
                .withNewMetadata()
                    .withName(ViolationEvents.name(involved.name(), identity))
                    .withNamespace(involved.eventNamespace())
                    .withLabels(labels)
                .endMetadata()
                .withType("Warning")
                .withReason(reason)
                .withAction(ACTION)
                .withMessage(ViolationEvents.truncate(message))
                .withNewInvolvedObject()
                    .withApiVersion(involved.apiVersion())
                    .withKind(involved.kind())
                    .withNamespace(involved.namespace())
                    .withName(involved.name())
                    .withUid(involved.uid())
                .endInvolvedObject()
                .withNewSource().withComponent(ViolationEvents.SOURCE_COMPONENT).endSource()
                .withReportingComponent(ViolationEvents.REPORTING_COMPONENT)
                .withReportingInstance(reportingInstance)
                .withFirstTimestamp(timestamp)
                .withLastTimestamp(timestamp)
                .withCount(1)
                .build();
    }
}
