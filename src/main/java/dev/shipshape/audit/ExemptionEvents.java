package dev.shipshape.audit;

import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.cluster.KubernetesNames;
import dev.shipshape.policy.Exemption;
import dev.shipshape.policy.ExemptionExpiry;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Warning Events on a HardeningPolicy about its exemptions: {@code ExemptionExpiring} 7 days and again 1 day
 * before an exemption expires, {@code ExemptionExpired} once it has. Cluster-scoped objects' Events live in the
 * {@code default} namespace. Named by a hash of the policy, the exemption and the warning, so each is posted once
 * whichever replica posts it. Pure: builds Events, posts nothing.
 */
public final class ExemptionEvents {

    static final String EVENT_NAMESPACE = "default";
    static final String EXPIRING_REASON = "ExemptionExpiring";
    static final String EXPIRED_REASON = "ExemptionExpired";
    private static final String ACTION = "Audit";

    private ExemptionEvents() {
    }

    /** The Event due for the exemption at {@code now}, if any. */
    public static Optional<Event> due(HardeningPolicy policy, Exemption exemption, Instant now,
                                      String reportingInstance) {
        String name = policy.getMetadata().getName();
        String subject = "HardeningPolicy " + name + ": spec.exemptions[" + exemption.index() + "] (\""
                + exemption.reason() + "\")";
        return switch (ExemptionExpiry.state(exemption, now)) {
            case ACTIVE -> Optional.empty();
            case EXPIRING -> {
                Duration warning = ExemptionExpiry.warningDue(exemption, now).orElseThrow();
                yield Optional.of(event(policy, exemption, EXPIRING_REASON, warning.toDays() + "d", subject
                        + " expires at " + exemption.expires() + ", within " + days(warning) + ". The findings it "
                        + "covers then count again, and Enforce denies them: fix the workloads, or extend its "
                        + "expires.", now, reportingInstance));
            }
            case EXPIRED -> Optional.of(event(policy, exemption, EXPIRED_REASON, "expired", subject
                    + " expired at " + exemption.expires() + ". The findings it covered count again; remove it "
                    + "from the policy or extend its expires.", now, reportingInstance));
        };
    }

    private static String days(Duration warning) {
        long days = warning.toDays();
        return days == 1 ? "1 day" : days + " days";
    }

    private static Event event(HardeningPolicy policy, Exemption exemption, String reason, String stage,
                               String message, Instant now, String reportingInstance) {
        String name = policy.getMetadata().getName();
        String uid = String.valueOf(policy.getMetadata().getUid());
        String timestamp = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
        return new EventBuilder()
                .withNewMetadata()
                    .withName(ViolationEvents.name(name, List.of(name, uid, String.valueOf(exemption.index()),
                            exemption.expires().toString(), stage)))
                    .withNamespace(EVENT_NAMESPACE)
                    .withLabels(Map.of(KubernetesNames.MANAGED_BY_LABEL, KubernetesNames.MANAGED_BY,
                            KubernetesNames.POLICY_LABEL, KubernetesNames.labelValue(name)))
                .endMetadata()
                .withType("Warning")
                .withReason(reason)
                .withAction(ACTION)
                .withMessage(ViolationEvents.truncate(message))
                .withNewInvolvedObject()
                    .withApiVersion(policy.getApiVersion())
                    .withKind(policy.getKind())
                    .withName(name)
                    .withUid(uid)
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
