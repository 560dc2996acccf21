package dev.shipshape.audit;

import dev.shipshape.OperatorConfig;
import dev.shipshape.OperatorConfig.ReportFormat;
import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.cluster.KubernetesNames;
import dev.shipshape.cluster.NamespaceCache;
import dev.shipshape.policy.Severity;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps one report per policy and namespace with matched workloads, as a wgpolicyk8s.io/v1alpha2 PolicyReport, an
 * openreports.io/v1alpha1 Report or both ({@code shipshape.reports.format}), where the API server serves that CRD
 * (asked again at most every {@link #DISCOVERY_INTERVAL}); writes a report only when its content changed and deletes
 * the reports of namespaces without matched workloads and of deleted policies, and those of an API it no longer
 * writes (with {@code auto}, the PolicyReports once OpenReports are served). Nothing is created in a namespace being
 * deleted; a namespace that is gone takes its reports with it, so a namespace of the same name created later gets
 * new ones.
 */
@ApplicationScoped
public class PolicyReportWriter {

    /** Results kept in one report; the rest are counted in its summary. */
    public static final int MAX_RESULTS = 100;
    static final Duration DISCOVERY_INTERVAL = Duration.ofSeconds(30);

    private static final Logger LOG = Logger.getLogger(PolicyReportWriter.class);

    private final KubernetesClient client;
    private final NamespaceCache namespaces;
    private final ReportFormat format;
    /** Of each report written, by API, policy and namespace, only its resourceVersion and content fingerprint. */
    private final Map<ReportApi, Map<String, Map<String, Written>>> written = new EnumMap<>(ReportApi.class);
    private final Map<ReportApi, Discovery> discoveries = new EnumMap<>(ReportApi.class);

    private record Written(String resourceVersion, String fingerprint) {

        static Written of(GenericKubernetesResource report) {
            return new Written(report.getMetadata().getResourceVersion(), PolicyReports.fingerprint(report));
        }
    }

    /** Whether an API is served, as last discovered. */
    private record Discovery(boolean served, Instant at) {
    }

    public PolicyReportWriter(KubernetesClient client, NamespaceCache namespaces, OperatorConfig config) {
        this.client = client;
        this.namespaces = namespaces;
        this.format = config.reports().format();
        for (ReportApi api : ReportApi.values()) {
            written.put(api, new ConcurrentHashMap<>());
            discoveries.put(api, new Discovery(false, Instant.EPOCH));
        }
        namespaces.addDeletionListener(this::forgetNamespace);
    }

    /** Whether the API server serves the report API, asked again at most every {@link #DISCOVERY_INTERVAL}. */
    private synchronized boolean served(ReportApi api) {
        Instant now = Instant.now();
        Discovery discovery = discoveries.get(api);
        if (Duration.between(discovery.at(), now).compareTo(DISCOVERY_INTERVAL) >= 0) {
            discovery = new Discovery(discover(api), now);
            discoveries.put(api, discovery);
        }
        return discovery.served();
    }

    /** The report APIs written now. */
    List<ReportApi> targets() {
        return ReportApi.targets(format, served(ReportApi.POLICY_REPORT), served(ReportApi.OPEN_REPORTS));
    }

    /** Brings the policy's reports in line with its verdicts, by namespace; whether it wrote or deleted any. */
    public boolean sync(HardeningPolicy policy, Severity denySeverity, int activeChecks,
                        Map<String, List<Verdict>> verdictsByNamespace) {
        List<ReportApi> targets = targets();
        boolean wrote = false;
        for (ReportApi api : ReportApi.values()) {
            if (targets.contains(api)) {
                wrote |= sync(api, policy, denySeverity, activeChecks, verdictsByNamespace);
            } else if (served(api)) {
                wrote |= retire(api, policy.getMetadata().getName());
            }
        }
        return wrote;
    }

    private boolean sync(ReportApi api, HardeningPolicy policy, Severity denySeverity, int activeChecks,
                         Map<String, List<Verdict>> verdictsByNamespace) {
        boolean wrote = false;
        String name = policy.getMetadata().getName();
        Map<String, Written> current = written.get(api).computeIfAbsent(name,
                policyName -> fingerprints(existing(api, policyName)));
        for (Map.Entry<String, List<Verdict>> namespace : verdictsByNamespace.entrySet()) {
            GenericKubernetesResource desired = PolicyReports.build(api, name, denySeverity, activeChecks,
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
            write(api, desired, before == null ? null : before.resourceVersion()).ifPresent(report -> current.put(
                    namespace.getKey(), new Written(report.getMetadata().getResourceVersion(), fingerprint)));
            wrote = true;
        }
        for (String namespace : List.copyOf(current.keySet())) {
            if (!verdictsByNamespace.containsKey(namespace)) {
                delete(api, namespace, PolicyReports.reportName(name));
                current.remove(namespace);
                wrote = true;
            }
        }
        return wrote;
    }

    /** Deletes the policy's reports of an API no longer written; whether there were any. */
    private boolean retire(ReportApi api, String policy) {
        Map<String, Written> current = written.get(api).computeIfAbsent(policy,
                policyName -> fingerprints(existing(api, policyName)));
        if (current.isEmpty()) {
            return false;
        }
        for (String namespace : List.copyOf(current.keySet())) {
            delete(api, namespace, PolicyReports.reportName(policy));
            current.remove(namespace);
        }
        return true;
    }

    /** Deletes every report of the policy. */
    public void deleteAll(String policy) {
        for (ReportApi api : ReportApi.values()) {
            written.get(api).remove(policy);
            if (!served(api)) {
                continue;
            }
            for (GenericKubernetesResource report : existing(api, policy).values()) {
                delete(api, report.getMetadata().getNamespace(), report.getMetadata().getName());
            }
        }
    }

    /** Creates or updates the report; {@code resourceVersion} is the written one's, null when none is known. */
    private Optional<GenericKubernetesResource> write(ReportApi api, GenericKubernetesResource desired,
                                                      String resourceVersion) {
        var reports = client.genericKubernetesResources(api.context())
                .inNamespace(desired.getMetadata().getNamespace());
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
            LOG.warnf("could not write %s %s/%s: %s", api.kind(), desired.getMetadata().getNamespace(),
                    desired.getMetadata().getName(), e.getMessage());
            return Optional.empty();
        }
    }

    private void forgetNamespace(String namespace) {
        for (Map<String, Map<String, Written>> byPolicy : written.values()) {
            for (Map<String, Written> byNamespace : byPolicy.values()) {
                byNamespace.remove(namespace);
            }
        }
    }

    private Map<String, GenericKubernetesResource> existing(ReportApi api, String policy) {
        Map<String, GenericKubernetesResource> byNamespace = new HashMap<>();
        try {
            for (GenericKubernetesResource report : client.genericKubernetesResources(api.context()).inAnyNamespace()
                    .withLabel(KubernetesNames.POLICY_LABEL, PolicyReports.policyLabelValue(policy)).list().getItems()) {
                byNamespace.put(report.getMetadata().getNamespace(), report);
            }
        } catch (KubernetesClientException e) {
            LOG.warnf("could not list the %ss of %s: %s", api.kind(), policy, e.getMessage());
        }
        return new ConcurrentHashMap<>(byNamespace);
    }

    private static Map<String, Written> fingerprints(Map<String, GenericKubernetesResource> reports) {
        Map<String, Written> fingerprints = new ConcurrentHashMap<>();
        reports.forEach((namespace, report) -> fingerprints.put(namespace, Written.of(report)));
        return fingerprints;
    }

    private void delete(ReportApi api, String namespace, String name) {
        try {
            client.genericKubernetesResources(api.context()).inNamespace(namespace).withName(name).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                LOG.warnf("could not delete %s %s/%s: %s", api.kind(), namespace, name, e.getMessage());
            }
        }
    }

    private boolean discover(ReportApi api) {
        try {
            APIResourceList resources = client.getApiResources(api.apiVersion());
            return resources != null && resources.getResources().stream()
                    .anyMatch(resource -> resource.getName().equals(api.context().getPlural()));
        } catch (KubernetesClientException e) {
            return false;
        }
    }
}
