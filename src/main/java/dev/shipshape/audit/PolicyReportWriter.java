package dev.shipshape.audit;

import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.cluster.KubernetesNames;
import dev.shipshape.cluster.NamespaceCache;
import dev.shipshape.policy.Severity;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps one wgpolicyk8s.io/v1alpha2 PolicyReport per policy and namespace with matched workloads, when the API
 * server serves that CRD (asked again at most every {@link #DISCOVERY_INTERVAL}); writes a report only when
 * its content changed and deletes the reports of namespaces without matched workloads and of deleted policies.
 * Nothing is created in a namespace being deleted; a namespace that is gone takes its reports with it, so a
 * namespace of the same name created later gets new ones.
 */
@ApplicationScoped
public class PolicyReportWriter {

    /** Results kept in one report; the rest are counted in its summary. */
    public static final int MAX_RESULTS = 100;
    static final Duration DISCOVERY_INTERVAL = Duration.ofSeconds(30);
    static final ResourceDefinitionContext POLICY_REPORT = new ResourceDefinitionContext.Builder()
            .withGroup("wgpolicyk8s.io").withVersion("v1alpha2").withKind("PolicyReport").withPlural("policyreports")
            .withNamespaced(true).build();

    private static final Logger LOG = Logger.getLogger(PolicyReportWriter.class);

    private final KubernetesClient client;
    private final NamespaceCache namespaces;
    /** Of each report written, by policy and namespace, only its resourceVersion and content fingerprint. */
    private final Map<String, Map<String, Written>> written = new ConcurrentHashMap<>();

    private record Written(String resourceVersion, String fingerprint) {

        static Written of(GenericKubernetesResource report) {
            return new Written(report.getMetadata().getResourceVersion(), PolicyReports.fingerprint(report));
        }
    }
    private volatile boolean served;
    private volatile Instant discoveredAt = Instant.EPOCH;

    public PolicyReportWriter(KubernetesClient client, NamespaceCache namespaces) {
        this.client = client;
        this.namespaces = namespaces;
        namespaces.addDeletionListener(this::forgetNamespace);
    }

    /** Whether the PolicyReport CRD is served, asked again at most every {@link #DISCOVERY_INTERVAL}. */
    public boolean served() {
        Instant now = Instant.now();
        if (Duration.between(discoveredAt, now).compareTo(DISCOVERY_INTERVAL) >= 0) {
            served = discover();
            discoveredAt = now;
        }
        return served;
    }

    /** Brings the policy's reports in line with its verdicts, by namespace; whether it wrote or deleted any. */
    public boolean sync(HardeningPolicy policy, Severity denySeverity, int activeChecks,
                        Map<String, List<Verdict>> verdictsByNamespace) {
        if (!served()) {
            return false;
        }
        boolean wrote = false;
        String name = policy.getMetadata().getName();
        Map<String, Written> current = written.computeIfAbsent(name, policyName -> fingerprints(existing(policyName)));
        for (Map.Entry<String, List<Verdict>> namespace : verdictsByNamespace.entrySet()) {
            GenericKubernetesResource desired = PolicyReports.build(name, denySeverity, activeChecks,
                    namespace.getKey(), namespace.getValue(), MAX_RESULTS);
            desired.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder()
                    .withApiVersion(policy.getApiVersion()).withKind(policy.getKind()).withName(name)
                    .withUid(policy.getMetadata().getUid()).build()));
            Written before = current.get(namespace.getKey());
            String fingerprint = PolicyReports.fingerprint(desired);
            if (before != null && before.fingerprint().equals(fingerprint)
                    || before == null && namespaces.isTerminating(namespace.getKey())) {
                continue;
            }
            write(desired, before == null ? null : before.resourceVersion()).ifPresent(report -> current.put(
                    namespace.getKey(), new Written(report.getMetadata().getResourceVersion(), fingerprint)));
            wrote = true;
        }
        for (String namespace : List.copyOf(current.keySet())) {
            if (!verdictsByNamespace.containsKey(namespace)) {
                delete(namespace, PolicyReports.reportName(name));
                current.remove(namespace);
                wrote = true;
            }
        }
        return wrote;
    }

    /** Deletes every report of the policy. */
    public void deleteAll(String policy) {
        written.remove(policy);
        if (!served()) {
            return;
        }
        for (GenericKubernetesResource report : existing(policy).values()) {
            delete(report.getMetadata().getNamespace(), report.getMetadata().getName());
        }
    }

    /** Creates or updates the report; {@code resourceVersion} is the written one's, null when none is known. */
    private Optional<GenericKubernetesResource> write(GenericKubernetesResource desired, String resourceVersion) {
        var reports = client.genericKubernetesResources(POLICY_REPORT).inNamespace(desired.getMetadata().getNamespace());
        try {
            if (resourceVersion == null) {
                try {
                    return Optional.of(reports.resource(desired).create());
                } catch (KubernetesClientException e) {
                    if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                        throw e;
                    }
                    GenericKubernetesResource existing = reports.withName(desired.getMetadata().getName()).get();
                    resourceVersion = existing == null ? null : existing.getMetadata().getResourceVersion();
                }
            }
            desired.getMetadata().setResourceVersion(resourceVersion);
            try {
                return Optional.of(reports.resource(desired).update());
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                    desired.getMetadata().setResourceVersion(null);
                    return namespaces.isTerminating(desired.getMetadata().getNamespace()) ? Optional.empty()
                            : Optional.of(reports.resource(desired).create());
                }
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
                GenericKubernetesResource latest = reports.withName(desired.getMetadata().getName()).get();
                desired.getMetadata().setResourceVersion(latest == null ? null : latest.getMetadata().getResourceVersion());
                return Optional.of(latest == null ? reports.resource(desired).create()
                        : reports.resource(desired).update());
            }
        } catch (KubernetesClientException e) {
            LOG.warnf("could not write PolicyReport %s/%s: %s", desired.getMetadata().getNamespace(),
                    desired.getMetadata().getName(), e.getMessage());
            return Optional.empty();
        }
    }

    private void forgetNamespace(String namespace) {
        for (Map<String, Written> byNamespace : written.values()) {
            byNamespace.remove(namespace);
        }
    }

    private Map<String, GenericKubernetesResource> existing(String policy) {
        Map<String, GenericKubernetesResource> byNamespace = new HashMap<>();
        try {
            for (GenericKubernetesResource report : client.genericKubernetesResources(POLICY_REPORT).inAnyNamespace()
                    .withLabel(KubernetesNames.POLICY_LABEL, PolicyReports.policyLabelValue(policy)).list().getItems()) {
                byNamespace.put(report.getMetadata().getNamespace(), report);
            }
        } catch (KubernetesClientException e) {
            LOG.warnf("could not list the PolicyReports of %s: %s", policy, e.getMessage());
        }
        return new ConcurrentHashMap<>(byNamespace);
    }

    private static Map<String, Written> fingerprints(Map<String, GenericKubernetesResource> reports) {
        Map<String, Written> fingerprints = new ConcurrentHashMap<>();
        reports.forEach((namespace, report) -> fingerprints.put(namespace, Written.of(report)));
        return fingerprints;
    }

    private void delete(String namespace, String name) {
        try {
            client.genericKubernetesResources(POLICY_REPORT).inNamespace(namespace).withName(name).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                LOG.warnf("could not delete PolicyReport %s/%s: %s", namespace, name, e.getMessage());
            }
        }
    }

    private boolean discover() {
        try {
            APIResourceList resources = client.getApiResources(POLICY_REPORT.getGroup() + "/" + POLICY_REPORT.getVersion());
            return resources != null && resources.getResources().stream()
                    .anyMatch(resource -> resource.getName().equals(POLICY_REPORT.getPlural()));
        } catch (KubernetesClientException e) {
            return false;
        }
    }
}
