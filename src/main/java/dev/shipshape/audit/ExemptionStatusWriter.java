package dev.shipshape.audit;

import dev.shipshape.api.v1alpha1.HardeningExemption;
import dev.shipshape.api.v1alpha1.HardeningExemptionStatus;
import dev.shipshape.cluster.HardeningExemptions;
import dev.shipshape.cluster.LeaderElection;
import dev.shipshape.cluster.PoliciesAndExemptions;
import dev.shipshape.policy.ExemptionRequest;
import dev.shipshape.policy.InvalidPolicyException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Leader-only: keeps the status of every HardeningExemption current: which policies honour or refuse it, until when,
 * and how many workloads it exempts (from the audit), and the Events announcing the end of one a policy honours
 * ({@link ExemptionEvents}). Every {@link #INTERVAL} it compares what it would write with
 * what is stored and replaces only the status subresource of those that changed, so an idle cluster costs no writes.
 */
@ApplicationScoped
public class ExemptionStatusWriter {

    /** How often statuses are brought up to date; an exemption's status follows a change within this. */
    static final Duration INTERVAL = Duration.ofSeconds(5);

    private static final Logger LOG = Logger.getLogger(ExemptionStatusWriter.class);

    private final KubernetesClient client;
    private final PoliciesAndExemptions policies;
    private final AuditService audit;
    private final EventPoster events;
    private final Set<String> postedEvents = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "shipshape-exemption-status");
        thread.setDaemon(true);
        return thread;
    });

    public ExemptionStatusWriter(KubernetesClient client, PoliciesAndExemptions policies, AuditService audit,
                                 EventPoster events) {
        this.client = client;
        this.policies = policies;
        this.audit = audit;
        this.events = events;
    }

    /** Without the HardeningExemption CRD the policy cache holds none, and a round does nothing. */
    void startLeading(@Observes LeaderElection.StartedLeading started) {
        scheduler.scheduleWithFixedDelay(this::writeAll, INTERVAL.toMillis(), INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void writeAll() {
        List<HardeningExemption> exemptions = policies.exemptions();
        if (!policies.synced() || exemptions.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        Map<String, Integer> exempted = audit.exemptedWorkloads();
        for (HardeningExemption exemption : exemptions) {
            if (exemption.isMarkedForDeletion()) {
                continue;
            }
            try {
                HardeningExemptionStatus status = status(exemption, exempted, now);
                if (!ExemptionStatuses.sameContent(exemption.getStatus(), status)) {
                    // the informer's object is shared: write a copy; a conflict is retried on the next round
                    HardeningExemption written = client.getKubernetesSerialization().clone(exemption);
                    written.setStatus(status);
                    client.resource(written).updateStatus();
                }
            } catch (KubernetesClientException e) {
                LOG.debugf("could not write the status of HardeningExemption %s/%s, next time: %s",
                        exemption.getMetadata().getNamespace(), exemption.getMetadata().getName(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.warnf(e, "the status of HardeningExemption %s/%s could not be computed",
                        exemption.getMetadata().getNamespace(), exemption.getMetadata().getName());
            }
        }
    }

    private HardeningExemptionStatus status(HardeningExemption exemption, Map<String, Integer> exempted,
                                            Instant now) {
        long generation = Optional.ofNullable(exemption.getMetadata().getGeneration()).orElse(0L);
        try {
            ExemptionRequest request = HardeningExemptions.compileOrThrow(exemption);
            HardeningExemptionStatus status = ExemptionStatuses.of(request, generation, exemption.getStatus(),
                    policies.validPolicies(), exempted.getOrDefault(request.key(), 0), now);
            if (!status.getAcceptedBy().isEmpty()) {
                ExemptionEvents.due(exemption, request, now, events.reportingInstance())
                        .filter(event -> postedEvents.add(event.getMetadata().getName()))
                        .ifPresent(events::post);
            }
            return status;
        } catch (InvalidPolicyException e) {
            return ExemptionStatuses.invalid(generation, exemption.getStatus(), e.problems(), now);
        }
    }
}
