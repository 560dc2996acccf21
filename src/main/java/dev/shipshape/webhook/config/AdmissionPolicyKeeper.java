package dev.shipshape.webhook.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.OperatorConfig;
import dev.shipshape.admissionpolicy.AdmissionPolicyGenerator;
import dev.shipshape.admissionpolicy.EnforcementPlan;
import dev.shipshape.admissionpolicy.GeneratedPolicies;
import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.cluster.AdmissionPolicySupport;
import dev.shipshape.cluster.KubernetesNames;
import dev.shipshape.cluster.LeaderElection;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.WorkloadKinds;
import dev.shipshape.webhook.AdmissionServer;
import dev.shipshape.webhook.PolicyCache;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps, on the leader, exactly the ValidatingAdmissionPolicies and bindings that the valid policies on the generated
 * path compile to (with the HardeningExemptions they honour): after every change of policies or exemptions, when an
 * exemption in them expires, and every {@link #RESYNC} against changes made by hand. Objects it made that no policy
 * needs any more are deleted; bindings are written after their policy and deleted before it. Each object is owned by
 * its HardeningPolicy, so that the garbage collector removes it with the policy even while no operator runs.
 */
@ApplicationScoped
public class AdmissionPolicyKeeper {

    /** How often the objects are compared with what they should be, and the API server asked what it serves. */
    static final Duration RESYNC = Duration.ofMinutes(1);
    static final Duration RETRY = Duration.ofSeconds(10);

    private static final Logger LOG = Logger.getLogger(AdmissionPolicyKeeper.class);

    private final KubernetesClient client;
    private final PolicyCache policies;
    private final AdmissionPolicySupport support;
    private final AdmissionPolicyGenerator generator;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "shipshape-admission-policies");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean leading;
    private ScheduledFuture<?> regeneration;

    public AdmissionPolicyKeeper(KubernetesClient client, PolicyCache policies, AdmissionPolicySupport support,
                                 OperatorConfig config, WorkloadKinds kinds) {
        this.client = client;
        this.policies = policies;
        this.support = support;
        this.generator = new AdmissionPolicyGenerator(kinds, AdmissionServer.excludedNamespaces(config));
    }

    void startLeading(@Observes LeaderElection.StartedLeading started) {
        leading = true;
        policies.onChange(this::requestSync);
        support.onChange(this::requestSync);
        scheduler.scheduleWithFixedDelay(() -> {
            support.rediscover();
            requestSync();
        }, 0, RESYNC.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs a sync soon; changes that arrive while one is pending share it. */
    void requestSync() {
        if (leading && pending.compareAndSet(false, true)) {
            scheduler.execute(() -> {
                pending.set(false);
                syncOrRetry();
            });
        }
    }

    private void syncOrRetry() {
        try {
            sync(Instant.now());
        } catch (KubernetesClientException e) {
            LOG.warnf("Could not write the generated ValidatingAdmissionPolicies, trying again in %s: %s", RETRY,
                    e.getMessage());
            scheduler.schedule(this::requestSync, RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Brings the generated objects in line with the policies as of {@code now}. */
    synchronized void sync(Instant now) {
        if (!policies.synced() || !support.served()) {
            return;
        }
        Map<String, ValidatingAdmissionPolicy> desiredPolicies = new LinkedHashMap<>();
        Map<String, ValidatingAdmissionPolicyBinding> desiredBindings = new LinkedHashMap<>();
        Instant regenerateAt = null;
        for (CompiledPolicy policy : policies.honouredPolicies()) {
            if (!EnforcementPlan.of(policy, true).generated()) {
                continue;
            }
            GeneratedPolicies generated = generator.generate(policy, now);
            List<OwnerReference> owner = policies.uid(policy.name()).map(uid -> List.of(new OwnerReferenceBuilder()
                    .withApiVersion(HardeningPolicy.GROUP + "/" + HardeningPolicy.VERSION).withKind(HardeningPolicy.KIND)
                    .withName(policy.name()).withUid(uid).build())).orElse(List.of());
            generated.policies().forEach(object -> {
                object.getMetadata().setOwnerReferences(owner);
                desiredPolicies.put(object.getMetadata().getName(), object);
            });
            generated.bindings().forEach(object -> {
                object.getMetadata().setOwnerReferences(owner);
                desiredBindings.put(object.getMetadata().getName(), object);
            });
            if (generated.regenerateAt() != null
                    && (regenerateAt == null || generated.regenerateAt().isBefore(regenerateAt))) {
                regenerateAt = generated.regenerateAt();
            }
        }
        List<ValidatingAdmissionPolicy> existingPolicies = client.resources(ValidatingAdmissionPolicy.class)
                .withLabel(KubernetesNames.MANAGED_BY_LABEL, KubernetesNames.MANAGED_BY).list().getItems();
        List<ValidatingAdmissionPolicyBinding> existingBindings = client
                .resources(ValidatingAdmissionPolicyBinding.class)
                .withLabel(KubernetesNames.MANAGED_BY_LABEL, KubernetesNames.MANAGED_BY).list().getItems();
        write(desiredPolicies, existingPolicies);
        write(desiredBindings, existingBindings);
        deleteUnneeded(desiredBindings, existingBindings);
        deleteUnneeded(desiredPolicies, existingPolicies);
        scheduleRegeneration(regenerateAt, now);
    }

    private <T extends HasMetadata> void write(Map<String, T> desired, List<T> existing) {
        Map<String, T> byName = new LinkedHashMap<>();
        existing.forEach(object -> byName.put(object.getMetadata().getName(), object));
        desired.forEach((name, object) -> {
            T current = byName.get(name);
            if (current == null) {
                client.resource(object).create();
                LOG.infof("Created %s %s", object.getKind(), name);
            } else if (!JsonContainment.contains(tree(current), tree(object))) {
                object.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
                client.resource(object).update();
                LOG.infof("Updated %s %s", object.getKind(), name);
            }
        });
    }

    private <T extends HasMetadata> void deleteUnneeded(Map<String, T> desired, List<T> existing) {
        for (T object : existing) {
            if (!desired.containsKey(object.getMetadata().getName())) {
                try {
                    client.resource(object).withTimeout(0, TimeUnit.MILLISECONDS).delete();
                    LOG.infof("Deleted %s %s: no policy needs it", object.getKind(), object.getMetadata().getName());
                } catch (KubernetesClientException e) {
                    if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                        throw e;
                    }
                }
            }
        }
    }

    private void scheduleRegeneration(Instant at, Instant now) {
        if (regeneration != null) {
            regeneration.cancel(false);
            regeneration = null;
        }
        if (at != null) {
            long delay = Math.max(0, Duration.between(now, at).toMillis());
            regeneration = scheduler.schedule(this::requestSync, delay, TimeUnit.MILLISECONDS);
        }
    }

    private JsonNode tree(HasMetadata object) {
        return client.getKubernetesSerialization().convertValue(object, JsonNode.class);
    }
}
