package dev.shipshape.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.shipshape.api.v1alpha1.ExistingRemediation;
import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.api.v1alpha1.RemediatedWorkload;
import dev.shipshape.api.v1alpha1.RemediationStatus;
import dev.shipshape.policy.JsonPatchOperation;
import dev.shipshape.policy.WorkloadRef;
import dev.shipshape.workload.WorkloadKind;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * {@code remediation.existing}: Patch fills in the missing hardening fields of existing workloads' pod templates
 * with JSON patches of {@code add} operations only, each guarded by a {@code test} of the resourceVersion it was
 * worked out from, so a value someone set in the meantime is never overridden. Bare Pods are never patched.
 * DryRun only lists what Patch would change. At most {@value #PATCHES_PER_PASS} workloads are patched per pass.
 */
@ApplicationScoped
public class ExistingRemediator {

    static final int PATCHES_PER_PASS = 10;
    static final int RECENT = 20;

    private static final Logger LOG = Logger.getLogger(ExistingRemediator.class);

    private final KubernetesClient client;
    private final AuditService audit;
    private final Map<String, RemediationStatus> progress = new ConcurrentHashMap<>();

    public ExistingRemediator(KubernetesClient client, AuditService audit) {
        this.client = client;
        this.audit = audit;
    }

    /**
     * One pass of remediation.
     *
     * @param status what to record in the policy's status
     * @param more whether workloads are left for the next pass
     */
    public record Pass(RemediationStatus status, boolean more) {
    }

    /** Remediates (or with DryRun lists) {@code remediable}; null when the policy does not remediate. */
    public Pass remediate(HardeningPolicy policy, ExistingRemediation mode, List<Verdict> remediable,
                          Function<WorkloadRef, Optional<String>> resourceVersions, Instant now) {
        if (mode == ExistingRemediation.None) {
            return null;
        }
        String name = policy.getMetadata().getName();
        // The leader's own record, not the cached status, which may not yet show the last pass's patches.
        RemediationStatus previous = progress.computeIfAbsent(name, unused ->
                policy.getStatus() == null || policy.getStatus().getRemediation() == null ? new RemediationStatus()
                        : policy.getStatus().getRemediation());
        RemediationStatus status = new RemediationStatus();
        status.setPatched(previous.getPatched());
        if (mode == ExistingRemediation.DryRun) {
            status.setPending(remediable.size());
            List<RemediatedWorkload> recent = new ArrayList<>();
            for (Verdict verdict : remediable.subList(0, Math.min(RECENT, remediable.size()))) {
                recent.add(entry(verdict, null));
            }
            status.setRecent(recent);
            progress.put(name, status);
            return new Pass(status, false);
        }
        List<RemediatedWorkload> recent = new ArrayList<>();
        int patched = 0;
        for (Verdict verdict : remediable.subList(0, Math.min(PATCHES_PER_PASS, remediable.size()))) {
            Optional<String> resourceVersion = resourceVersions.apply(verdict.workload());
            if (resourceVersion.isPresent() && patch(verdict, resourceVersion.get())) {
                patched++;
                recent.add(entry(verdict, now.toString()));
                audit.post(ViolationEvents.remediated(name, verdict, false, now,
                        audit.reportingInstance()));
            }
        }
        recent.addAll(previous.getRecent());
        status.setRecent(recent.subList(0, Math.min(RECENT, recent.size())));
        status.setPatched(status.getPatched() + patched);
        status.setPending(remediable.size() - patched);
        progress.put(name, status);
        return new Pass(status, remediable.size() > PATCHES_PER_PASS);
    }

    /** Forgets what was done for a deleted policy. */
    public void forget(String policy) {
        progress.remove(policy);
    }

    private boolean patch(Verdict verdict, String resourceVersion) {
        WorkloadRef ref = verdict.workload();
        Optional<WorkloadKind> kind = WorkloadKind.of(ref.apiVersion(), ref.kind());
        if (kind.isEmpty() || kind.get() == WorkloadKind.POD) {
            return false;
        }
        ArrayNode patch = JsonNodeFactory.instance.arrayNode();
        patch.addObject().put("op", "test").put("path", "/metadata/resourceVersion").put("value", resourceVersion);
        for (JsonPatchOperation operation : verdict.remediation()) {
            patch.add(operation.toJson());
        }
        String version = ref.apiVersion().substring(ref.apiVersion().indexOf('/') + 1);
        ResourceDefinitionContext resource = new ResourceDefinitionContext.Builder().withGroup(kind.get().group())
                .withVersion(version).withKind(ref.kind()).withPlural(kind.get().plural()).withNamespaced(true).build();
        try {
            client.genericKubernetesResources(resource).inNamespace(ref.namespace()).withName(ref.name())
                    .patch(PatchContext.of(PatchType.JSON), patch.toString());
            return true;
        } catch (KubernetesClientException e) {
            LOG.infof("did not patch %s (it will be tried again on its next change): %s", ref.display(),
                    e.getMessage());
            return false;
        }
    }

    private static RemediatedWorkload entry(Verdict verdict, String patchedAt) {
        RemediatedWorkload entry = new RemediatedWorkload();
        entry.setKind(verdict.workload().kind());
        entry.setNamespace(verdict.workload().namespace());
        entry.setName(verdict.workload().name());
        entry.setFields(verdict.remediation().stream().map(operation -> operation.path().toJsonPointer()).toList());
        entry.setPatchedAt(patchedAt);
        return entry;
    }
}
