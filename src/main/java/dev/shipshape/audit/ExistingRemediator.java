package dev.shipshape.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.shipshape.api.v1alpha1.ExistingRemediation;
import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.api.v1alpha1.RemediatedWorkload;
import dev.shipshape.api.v1alpha1.RemediationFailure;
import dev.shipshape.api.v1alpha1.RemediationStatus;
import dev.shipshape.policy.JsonPatchOperation;
import dev.shipshape.policy.WorkloadKind;
import dev.shipshape.policy.WorkloadRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * {@code remediation.existing}: Patch fills in the missing hardening fields of existing workloads' pod templates
 * with JSON patches of {@code add} operations only, each guarded by a {@code test} of the resourceVersion it was
 * worked out from, so a value someone set in the meantime is never overridden. Bare Pods are never patched.
 * DryRun only lists what Patch would change. At most {@value #PATCHES_PER_PASS} workloads are patched per pass.
 * A patch the API server refuses (validation, another admission webhook, permissions) is a Warning event and an
 * entry in {@code status.remediation.failures}, and is not tried again until the workload changes; one that lost a
 * race with another change, or met a passing outage, is tried again on the next pass.
 */
@ApplicationScoped
public class ExistingRemediator {

    static final int PATCHES_PER_PASS = 10;
    static final int RECENT = 20;
    private static final int UNPROCESSABLE_ENTITY = 422;

    private static final Logger LOG = Logger.getLogger(ExistingRemediator.class);

    private final KubernetesClient client;
    private final EventPoster events;
    private final Map<String, RemediationStatus> progress = new ConcurrentHashMap<>();
    /** By policy, the refused patches by workload, each for the resourceVersion it was refused at. */
    private final Map<String, Map<WorkloadRef, Refusal>> refusals = new ConcurrentHashMap<>();

    public ExistingRemediator(KubernetesClient client, EventPoster events) {
        this.client = client;
        this.events = events;
    }

    /**
     * One pass of remediation.
     *
     * @param status what to record in the policy's status
     * @param more whether workloads are left for the next pass
     */
    public record Pass(RemediationStatus status, boolean more) {
    }

    private record Refusal(String resourceVersion, RemediationFailure failure) {
    }

    private sealed interface Outcome {
        Outcome PATCHED = new Patched();
        Outcome RETRY = new Retry();
    }

    private record Patched() implements Outcome {
    }

    /** Lost a race with another change, the workload is gone, or the API server could not be reached. */
    private record Retry() implements Outcome {
    }

    private record Refused(String message) implements Outcome {
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
        Map<WorkloadRef, Refusal> refused = currentRefusals(name, remediable, resourceVersions);
        List<Verdict> toPatch = remediable.stream().filter(verdict -> !refused.containsKey(verdict.workload()))
                .toList();
        List<RemediatedWorkload> recent = new ArrayList<>();
        int patched = 0;
        for (Verdict verdict : toPatch.subList(0, Math.min(PATCHES_PER_PASS, toPatch.size()))) {
            Optional<String> resourceVersion = resourceVersions.apply(verdict.workload());
            if (resourceVersion.isEmpty()) {
                continue;
            }
            Outcome outcome = patch(verdict, resourceVersion.get());
            if (outcome instanceof Patched) {
                patched++;
                recent.add(entry(verdict, now.toString()));
                events.post(ViolationEvents.remediated(name, verdict, false, now, events.reportingInstance()));
            } else if (outcome instanceof Refused refusal) {
                refused.put(verdict.workload(), new Refusal(resourceVersion.get(),
                        failure(verdict, refusal.message(), now)));
                events.post(ViolationEvents.remediationFailed(name, verdict, refusal.message(), now,
                        events.reportingInstance()));
            }
        }
        recent.addAll(previous.getRecent());
        status.setRecent(recent.subList(0, Math.min(RECENT, recent.size())));
        status.setPatched(status.getPatched() + patched);
        status.setFailed(refused.size());
        status.setFailures(refused.values().stream().map(Refusal::failure)
                .sorted(Comparator.comparing((RemediationFailure failure) -> Instant.parse(failure.getFailedAt()))
                        .reversed())
                .limit(RECENT).toList());
        status.setPending(remediable.size() - patched - refused.size());
        progress.put(name, status);
        return new Pass(status, toPatch.size() > PATCHES_PER_PASS);
    }

    /** Forgets what was done for a deleted policy. */
    public void forget(String policy) {
        progress.remove(policy);
        refusals.remove(policy);
    }

    /**
     * The policy's refusals that still hold: of workloads still to remediate, at the version that was refused. A
     * workload that changed since is tried again.
     */
    private Map<WorkloadRef, Refusal> currentRefusals(String policy, List<Verdict> remediable,
                                                      Function<WorkloadRef, Optional<String>> resourceVersions) {
        Map<WorkloadRef, Refusal> refused = refusals.computeIfAbsent(policy, unused -> new ConcurrentHashMap<>());
        Set<WorkloadRef> stillRemediable = new HashSet<>();
        remediable.forEach(verdict -> stillRemediable.add(verdict.workload()));
        refused.entrySet().removeIf(entry -> !stillRemediable.contains(entry.getKey())
                || !resourceVersions.apply(entry.getKey()).map(entry.getValue().resourceVersion()::equals)
                .orElse(false));
        return refused;
    }

    private Outcome patch(Verdict verdict, String resourceVersion) {
        WorkloadRef ref = verdict.workload();
        Optional<WorkloadKind> kind = WorkloadKind.of(ref.apiVersion(), ref.kind());
        if (kind.isEmpty() || kind.get() == WorkloadKind.POD) {
            return Outcome.RETRY;
        }
        ArrayNode patch = JsonNodeFactory.instance.arrayNode();
        patch.addObject().put("op", "test").put("path", "/metadata/resourceVersion").put("value", resourceVersion);
        for (JsonPatchOperation operation : verdict.remediation()) {
            patch.add(operation.toJson());
        }
        String version = ref.apiVersion().substring(ref.apiVersion().indexOf('/') + 1);
        ResourceDefinitionContext resource = new ResourceDefinitionContext.Builder().withGroup(kind.get().group())
                .withVersion(version).withKind(ref.kind()).withPlural(kind.get().plural()).withNamespaced(true).build();
        Resource<GenericKubernetesResource> workload =
                client.genericKubernetesResources(resource).inNamespace(ref.namespace()).withName(ref.name());
        try {
            workload.patch(PatchContext.of(PatchType.JSON), patch.toString());
            return Outcome.PATCHED;
        } catch (KubernetesClientException e) {
            return failed(ref, resourceVersion, workload, e);
        }
    }

    /**
     * A refusal, or something to try again: a lost race (the resourceVersion test failed, or 409), a workload gone
     * (404), a server error or no answer. A failed resourceVersion test and a validation error are both 422, so the
     * workload's current version tells them apart.
     */
    private Outcome failed(WorkloadRef ref, String resourceVersion, Resource<GenericKubernetesResource> workload,
                           KubernetesClientException e) {
        int code = e.getCode();
        if (code == HttpURLConnection.HTTP_CONFLICT || code == HttpURLConnection.HTTP_NOT_FOUND
                || code == 0 || code >= HttpURLConnection.HTTP_INTERNAL_ERROR) {
            LOG.warnf("Did not patch %s, will try again: %s", ref.display(), e.getMessage());
            return Outcome.RETRY;
        }
        if (code == UNPROCESSABLE_ENTITY && changedSince(workload, resourceVersion)) {
            LOG.debugf("Did not patch %s: it changed since version %s", ref.display(), resourceVersion);
            return Outcome.RETRY;
        }
        String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                : e.getMessage();
        LOG.warnf("The API server refused the remediation of %s; not trying again until it changes: %s",
                ref.display(), message);
        return new Refused(message);
    }

    private static boolean changedSince(Resource<GenericKubernetesResource> workload, String resourceVersion) {
        try {
            GenericKubernetesResource current = workload.get();
            return current == null || !resourceVersion.equals(current.getMetadata().getResourceVersion());
        } catch (KubernetesClientException e) {
            return true;
        }
    }

    private static RemediationFailure failure(Verdict verdict, String message, Instant now) {
        RemediationFailure failure = new RemediationFailure();
        failure.setKind(verdict.workload().kind());
        failure.setNamespace(verdict.workload().namespace());
        failure.setName(verdict.workload().name());
        failure.setMessage(message);
        failure.setFailedAt(now.toString());
        return failure;
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
