package dev.shipshape.webhook;

import dev.shipshape.admissionpolicy.EnforcementPlan;
import dev.shipshape.api.v1alpha1.HardeningExemption;
import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.cluster.AdmissionPolicySupport;
import dev.shipshape.cluster.HardeningExemptions;
import dev.shipshape.cluster.PoliciesAndExemptions;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.ExemptionRequest;
import dev.shipshape.policy.InvalidPolicyException;
import dev.shipshape.policy.LabelledPolicy;
import dev.shipshape.policy.PolicyCompiler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The valid HardeningPolicies, compiled with the HardeningExemptions each honours, from informers: admission never
 * calls the API server. Every replica keeps one. A change of a policy or an exemption takes effect as soon as the
 * watch delivers it; invalid ones and ones being deleted are left out. Without the HardeningExemption CRD (an
 * install upgraded from before it) policies honour no HardeningExemption.
 */
@ApplicationScoped
public class PolicyCache implements PoliciesAndExemptions {

    private static final Logger LOG = Logger.getLogger(PolicyCache.class);

    private final KubernetesClient client;
    private final AdmissionPolicySupport admissionPolicies;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile Map<WebhookKind, List<CompiledPolicy>> byWebhook = snapshot(List.of(), false);
    private volatile List<CompiledPolicy> honoured = List.of();
    private volatile List<LabelledPolicy> valid = List.of();
    private SharedIndexInformer<HardeningPolicy> informer;
    private SharedIndexInformer<HardeningExemption> exemptions;

    public PolicyCache(KubernetesClient client, AdmissionPolicySupport admissionPolicies) {
        this.client = client;
        this.admissionPolicies = admissionPolicies;
        admissionPolicies.onChange(this::refresh);
    }

    void start(@Observes StartupEvent event) {
        if (HardeningExemptions.served(client)) {
            exemptions = client.resources(HardeningExemption.class).inAnyNamespace().runnableInformer(0);
            watch(exemptions, "HardeningExemptions");
        } else {
            LOG.info("the API server serves no HardeningExemptions (their CRD is not installed): policies honour "
                    + "only their own exemptions");
        }
        informer = client.resources(HardeningPolicy.class).runnableInformer(0);
        watch(informer, "HardeningPolicies");
    }

    private <T extends HasMetadata> void watch(SharedIndexInformer<T> watched, String what) {
        watched.exceptionHandler((started, failure) -> {
            LOG.warnf("watching %s failed, retrying: %s", what, failure.getMessage());
            return true;
        });
        watched.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                refresh();
            }

            @Override
            public void onUpdate(T previous, T object) {
                refresh();
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                refresh();
            }
        });
        watched.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (informer != null) {
            informer.close();
        }
        if (exemptions != null) {
            exemptions.close();
        }
    }

    /** The valid policies {@code webhook} evaluates, by name. */
    public List<CompiledPolicy> policies(WebhookKind webhook) {
        return byWebhook.get(webhook);
    }

    /** The valid policies with the HardeningExemptions they honour and every check, by name. */
    public List<CompiledPolicy> honouredPolicies() {
        return honoured;
    }

    /** The uid of the HardeningPolicy named {@code name}, as the cache last saw it. */
    public Optional<String> uid(String name) {
        return informer == null ? Optional.empty() : Optional.ofNullable(informer.getStore().getByKey(name))
                .map(policy -> policy.getMetadata().getUid());
    }

    /** {@code listener} runs after every change of the policies or exemptions, on the thread that saw it. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /**
     * The valid policies without the HardeningExemptions they honour, each with its labels: what a new
     * HardeningExemption asks to be honoured by.
     */
    @Override
    public List<LabelledPolicy> validPolicies() {
        return valid;
    }

    /** The HardeningExemptions as stored, valid or not; empty when the API server serves none. */
    @Override
    public List<HardeningExemption> exemptions() {
        return exemptions == null ? List.of() : exemptions.getStore().list();
    }

    /** True once the first list of policies (and of exemptions, when served) has arrived. */
    @Override
    public boolean synced() {
        return informer != null && informer.hasSynced() && (exemptions == null || exemptions.hasSynced());
    }

    private synchronized void refresh() {
        if (informer == null) {
            return;
        }
        List<LabelledPolicy> compiled = new ArrayList<>();
        for (HardeningPolicy policy : informer.getStore().list()) {
            if (policy.isMarkedForDeletion()) {
                continue;
            }
            String name = policy.getMetadata().getName();
            try {
                compiled.add(new LabelledPolicy(PolicyCompiler.compile(name,
                                Optional.ofNullable(policy.getMetadata().getGeneration()).orElse(0L), policy.getSpec()),
                        Optional.ofNullable(policy.getMetadata().getLabels()).orElse(Map.of())));
            } catch (InvalidPolicyException e) {
                LOG.debugf("HardeningPolicy %s is invalid and not enforced: %s", name, e.getMessage());
            }
        }
        List<ExemptionRequest> requests = exemptions == null ? List.of()
                : HardeningExemptions.valid(exemptions.getStore().list());
        valid = List.copyOf(compiled);
        honoured = compiled.stream().map(policy -> policy.honouring(requests))
                .sorted(Comparator.comparing(CompiledPolicy::name)).toList();
        byWebhook = snapshot(honoured, admissionPolicies.served());
        listeners.forEach(Runnable::run);
    }

    /**
     * The policies each webhook decides: the validating webhooks only the checks no generated admission policy
     * decides (see {@link EnforcementPlan}), leaving out policies with none; mutation is the webhook's alone.
     */
    static Map<WebhookKind, List<CompiledPolicy>> snapshot(Collection<CompiledPolicy> policies,
                                                           boolean admissionPoliciesServed) {
        Map<WebhookKind, List<CompiledPolicy>> byWebhook = new EnumMap<>(WebhookKind.class);
        for (WebhookKind webhook : WebhookKind.values()) {
            byWebhook.put(webhook, policies.stream()
                    .filter(policy -> webhook.serves(policy.actions()))
                    .flatMap(policy -> webhook == WebhookKind.MUTATE ? java.util.stream.Stream.of(policy)
                            : EnforcementPlan.of(policy, admissionPoliciesServed).forWebhook(policy).stream())
                    .sorted(Comparator.comparing(CompiledPolicy::name))
                    .toList());
        }
        return byWebhook;
    }
}
