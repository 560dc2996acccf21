package dev.shipshape.webhook;

import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.InvalidPolicyException;
import dev.shipshape.policy.PolicyCompiler;
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

/**
 * The valid HardeningPolicies, compiled, from an informer: admission never calls the API server. Every
 * replica keeps one. A policy change takes effect as soon as the watch delivers it; invalid policies and
 * policies being deleted are left out.
 */
@ApplicationScoped
public class PolicyCache {

    private static final Logger LOG = Logger.getLogger(PolicyCache.class);

    private final KubernetesClient client;
    private volatile Map<WebhookKind, List<CompiledPolicy>> byWebhook = snapshot(List.of());
    private SharedIndexInformer<HardeningPolicy> informer;

    public PolicyCache(KubernetesClient client) {
        this.client = client;
    }

    void start(@Observes StartupEvent event) {
        informer = client.resources(HardeningPolicy.class).runnableInformer(0);
        informer.exceptionHandler((started, failure) -> {
            LOG.warnf("watching HardeningPolicies failed, retrying: %s", failure.getMessage());
            return true;
        });
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(HardeningPolicy policy) {
                refresh();
            }

            @Override
            public void onUpdate(HardeningPolicy previous, HardeningPolicy policy) {
                refresh();
            }

            @Override
            public void onDelete(HardeningPolicy policy, boolean finalStateUnknown) {
                refresh();
            }
        });
        informer.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (informer != null) {
            informer.close();
        }
    }

    /** The valid policies {@code webhook} evaluates, by name. */
    public List<CompiledPolicy> policies(WebhookKind webhook) {
        return byWebhook.get(webhook);
    }

    /** True once the first list of policies has arrived. */
    public boolean synced() {
        return informer != null && informer.hasSynced();
    }

    private synchronized void refresh() {
        List<CompiledPolicy> compiled = new ArrayList<>();
        for (HardeningPolicy policy : informer.getStore().list()) {
            if (policy.isMarkedForDeletion()) {
                continue;
            }
            String name = policy.getMetadata().getName();
            try {
                compiled.add(PolicyCompiler.compile(name,
                        Optional.ofNullable(policy.getMetadata().getGeneration()).orElse(0L), policy.getSpec()));
            } catch (InvalidPolicyException e) {
                LOG.debugf("HardeningPolicy %s is invalid and not enforced: %s", name, e.getMessage());
            }
        }
        byWebhook = snapshot(compiled);
    }

    static Map<WebhookKind, List<CompiledPolicy>> snapshot(Collection<CompiledPolicy> policies) {
        Map<WebhookKind, List<CompiledPolicy>> byWebhook = new EnumMap<>(WebhookKind.class);
        for (WebhookKind webhook : WebhookKind.values()) {
            byWebhook.put(webhook, policies.stream()
                    .filter(policy -> webhook.serves(policy.actions()))
                    .sorted(Comparator.comparing(CompiledPolicy::name))
                    .toList());
        }
        return byWebhook;
    }
}
