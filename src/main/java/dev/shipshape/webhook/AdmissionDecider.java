package dev.shipshape.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.cluster.ControllerReference;
import dev.shipshape.cluster.KnownOwner;
import dev.shipshape.cluster.OwnerChain;
import dev.shipshape.cluster.OwnerLookup;
import dev.shipshape.policy.AdmissionAction;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.EvaluationResult;
import dev.shipshape.policy.Finding;
import dev.shipshape.policy.JsonPatchOperation;
import dev.shipshape.policy.NamespaceFacts;
import dev.shipshape.policy.PolicyEvaluator;
import dev.shipshape.policy.Remediator;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.Workload;
import dev.shipshape.policy.WorkloadKind;
import dev.shipshape.policy.WorkloadKinds;
import dev.shipshape.policy.WorkloadShape;
import dev.shipshape.workload.InvalidWorkloadException;
import dev.shipshape.workload.Workloads;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides admission reviews with the policy engine: Enforce denies findings at or above a policy's
 * denySeverity (on UPDATE only those the old object did not have, so the ephemeral containers an UPDATE of
 * {@code pods/ephemeralcontainers} adds are what it decides on), the rest and Warn-mode findings become warnings,
 * Audit-mode findings are only counted, and Mutate policies fill in missing fields. No I/O.
 */
public final class AdmissionDecider {

    /** Kubernetes may truncate longer warnings. */
    static final int MAX_WARNING_LENGTH = 256;
    /** Total size of warnings kept well within what the API server passes on. */
    static final int MAX_WARNINGS_LENGTH = 4096;
    /** Findings listed in a denial; the rest are counted. */
    static final int MAX_DENIED_FINDINGS = 25;
    private static final Pattern CONTAINER_ELEMENT =
            Pattern.compile("^spec\\.(initContainers|containers|ephemeralContainers)\\[\\d+]");

    private final Set<String> excludedNamespaces;
    private final int maxContainers;
    private final WorkloadKinds kinds;

    /**
     * @param excludedNamespaces namespaces never reviewed: the operator's own, kube-system and configured extras
     * @param maxContainers most containers (init, regular and ephemeral) of a workload that is reviewed
     * @param kinds the workload kinds: the built-in ones and those declared in configuration
     */
    public AdmissionDecider(Set<String> excludedNamespaces, int maxContainers, WorkloadKinds kinds) {
        this.excludedNamespaces = Set.copyOf(excludedNamespaces);
        this.maxContainers = maxContainers;
        this.kinds = kinds;
    }

    /**
     * An object a controller created for a workload (verified through {@code owners}) is matched and exempted as
     * that workload, its top owner, is.
     *
     * @param policies the valid policies this webhook serves
     * @param namespaces the labels and NetworkPolicies of a namespace by name, from caches
     * @param owners the workloads that create others, from a cache
     */
    public AdmissionOutcome decide(WebhookKind webhook, AdmissionRequest request, List<CompiledPolicy> policies,
                                   NamespaceFacts namespaces, OwnerLookup owners,
                                   Instant now) throws BadReviewException {
        Optional<WorkloadShape> kind = kinds.ofResource(request.group(), request.resource());
        String kindLabel = kind.map(WorkloadShape::kind).orElse("other");
        if (!request.isCreateOrUpdate() || !reviewsSubResource(webhook, request) || kind.isEmpty()
                || excludedNamespaces.contains(request.namespace()) || policies.isEmpty()) {
            return AdmissionOutcome.skipped(kindLabel);
        }
        int containers = Workloads.containerCount(request.object(), kinds);
        if (containers > maxContainers) {
            Workload object = workload(request.object(), request, "request.object", false);
            Workload workload = asCreatedFor(object, top(chain(kind.get(), object, request, owners)));
            Map<String, String> labels = namespaces.labels(namespaceOf(object, request));
            return tooManyContainers(webhook, kindLabel, workload, containers, policies, labels);
        }
        Workload object = workload(request.object(), request, "request.object", true);
        List<KnownOwner> chain = chain(kind.get(), object, request, owners);
        Optional<KnownOwner> owner = top(chain);
        String namespace = namespaceOf(object, request);
        Workload workload = asCreatedFor(object, owner).within(namespaces.segmentation(namespace));
        Map<String, String> labels = namespaces.labels(namespace);
        if (webhook == WebhookKind.MUTATE) {
            return mutate(kindLabel, workload, policies, labels, now);
        }
        return validate(kindLabel, workload, before(request, chain, owner), policies, labels, now);
    }

    /**
     * What the object's findings are compared with, so that only the ones it adds deny: on UPDATE the old object (one
     * too large to review counts as having no findings); on CREATE of an object a controller creates from its own
     * creator's template (a Pod of a ReplicaSet, a ReplicaSet of a Deployment, a Job of a CronJob), that template, as
     * the cache last saw it, read only if some finding would deny. Otherwise nothing: every finding is new.
     */
    private Before before(AdmissionRequest request, List<KnownOwner> chain, Optional<KnownOwner> owner)
            throws BadReviewException {
        if (request.isUpdate()) {
            if (request.oldObject() == null || Workloads.containerCount(request.oldObject(), kinds) > maxContainers) {
                return null;
            }
            Workload old = asCreatedFor(workload(request.oldObject(), request, "request.oldObject", true), owner);
            return new Before(() -> old, "pre-existing, not denied on update: ", null);
        }
        if (chain.isEmpty() || chain.get(0).podTemplate().isEmpty()) {
            return null;
        }
        KnownOwner creator = chain.get(0);
        String origin = "the pod template of " + creator.ref().display();
        return new Before(() -> {
            try {
                return Workloads.fromTree(creator.podTemplate().get().tree()).map(found -> asCreatedFor(found, owner))
                        .orElse(null);
            } catch (InvalidWorkloadException e) {
                return null;
            }
        }, "pre-existing in " + origin + ", not denied: ", origin);
    }

    /** The findings an object is compared with: the old object, or the template it was created from. */
    private static final class Before {

        private final Supplier<Workload> read;
        private final String warningPrefix;
        private final String template;
        private Workload workload;
        private boolean readOnce;

        /**
         * @param read gives the workload to compare with, or null when it cannot be read (every finding is then new)
         * @param warningPrefix what a warning about a finding it already had starts with
         * @param template the template's description when the workload is one, else null
         */
        Before(Supplier<Workload> read, String warningPrefix, String template) {
            this.read = read;
            this.warningPrefix = warningPrefix;
            this.template = template;
        }

        /** The workload, read on first use; null when it cannot be read. */
        Workload workload() {
            if (!readOnce) {
                workload = read.get();
                readOnce = true;
            }
            return workload;
        }
    }

    /**
     * The main resource, or the Pod's {@code ephemeralcontainers} subresource on UPDATE (how {@code kubectl debug} adds
     * an ephemeral container, Kubernetes 1.22+ sends the whole Pod): the validating webhooks review the new ephemeral
     * containers there. Mutation leaves them alone, as the API does not let their spec change once added, and every
     * other subresource (status, scale, binding, ...) is allowed untouched.
     */
    private static boolean reviewsSubResource(WebhookKind webhook, AdmissionRequest request) {
        return request.subResource().isEmpty()
                || webhook != WebhookKind.MUTATE && request.isUpdate()
                && WorkloadKind.EPHEMERAL_CONTAINERS.equals(request.subResource())
                && WorkloadKind.POD.plural().equals(request.resource())
                && WorkloadKind.POD.group().equals(request.group());
    }

    /** The workload a controller created the object for, as far as the chain of controllers is verified. */
    private static Optional<KnownOwner> top(List<KnownOwner> chain) {
        return chain.isEmpty() ? Optional.empty() : Optional.of(chain.get(chain.size() - 1));
    }

    /** The verified owners of an object of a built-in kind; a declared kind's objects are judged on their own. */
    private static List<KnownOwner> chain(WorkloadShape kind, Workload object, AdmissionRequest request,
                                          OwnerLookup owners) {
        return kind instanceof WorkloadKind builtIn ? OwnerChain.verified(builtIn, namespaceOf(object, request),
                ControllerReference.of(request.object().path("metadata")), owners) : List.of();
    }

    private static Workload asCreatedFor(Workload object, Optional<KnownOwner> owner) {
        return owner.map(found -> object.createdFor(found.ref(), found.labels(), found.annotations())).orElse(object);
    }

    /** An object without metadata, in a review without a namespace, has none. */
    private static String namespaceOf(Workload workload, AdmissionRequest request) {
        return workload.namespace() != null ? workload.namespace() : request.namespace();
    }

    private AdmissionOutcome mutate(String kind, Workload workload, List<CompiledPolicy> policies,
                                    Map<String, String> labels, Instant now) {
        List<JsonPatchOperation> patch = new ArrayList<>();
        for (CompiledPolicy policy : policies) {
            EvaluationResult result = PolicyEvaluator.evaluate(policy, workload, labels, now);
            patch.addAll(Remediator.remediate(policy, workload, result));
        }
        return patch.isEmpty()
                ? new AdmissionOutcome(Decision.ALLOWED, kind, true, null, List.of(), List.of())
                : new AdmissionOutcome(Decision.PATCHED, kind, true, null, List.of(), List.copyOf(patch));
    }

    private AdmissionOutcome validate(String kind, Workload workload, Before before,
                                      List<CompiledPolicy> policies, Map<String, String> labels, Instant now) {
        DenialLines denials = new DenialLines();
        WarningLines warnings = new WarningLines();
        List<AdmissionOutcome.PolicyFinding> counted = new ArrayList<>();
        boolean audited = false;
        for (CompiledPolicy policy : policies) {
            EvaluationResult result = PolicyEvaluator.evaluate(policy, workload, labels, now);
            if (result.violations().isEmpty()) {
                continue;
            }
            Set<String> preExisting = before == null ? Set.of() : null;
            for (Finding finding : result.violations()) {
                AdmissionAction action = policy.actions().atAdmission(finding.severity());
                if (action == AdmissionAction.COUNT) {
                    audited = true;
                    continue;
                }
                boolean denies = action == AdmissionAction.DENY;
                if (denies && preExisting == null) {
                    Workload old = before.workload();
                    preExisting = old == null ? Set.of()
                            : findingKeys(PolicyEvaluator.evaluate(policy, old.within(workload.segmentation()),
                            labels, now), old);
                }
                if (denies && !preExisting.contains(key(finding, workload))) {
                    denials.add(denialLine(policy, finding) + origin(finding, before));
                    counted.add(new AdmissionOutcome.PolicyFinding(policy.name(), finding.checkId(), true));
                } else {
                    warnings.add((denies ? before.warningPrefix : "") + warning(policy, finding));
                    counted.add(new AdmissionOutcome.PolicyFinding(policy.name(), finding.checkId(), false));
                }
            }
        }
        return outcome(kind, workload, denials, warnings, audited, counted);
    }

    /** For a container the template it was created from does not have: that it was added on the way in. */
    private static String origin(Finding finding, Before before) {
        if (before == null || before.template == null || finding.container() == null || before.workload() == null
                || before.workload().containers().stream()
                .anyMatch(ref -> ref.container().getName().equals(finding.container()))) {
            return "";
        }
        return " (container " + finding.container() + " is not in " + before.template
                + ": it was added at admission, by a mutating webhook such as a service mesh's injector)";
    }

    /**
     * A workload with more containers than are reviewed is not evaluated: reading it could take more memory than
     * the operator has. Enforcing policies that match it deny it, Warn policies warn and mutation leaves it as it is.
     */
    private AdmissionOutcome tooManyContainers(WebhookKind webhook, String kind, Workload workload, int containers,
                                               List<CompiledPolicy> policies, Map<String, String> labels) {
        String problem = "it has " + containers + " containers, more than the " + maxContainers
                + " Shipshape reviews (shipshape.webhook.max-containers)";
        DenialLines denials = new DenialLines();
        WarningLines warnings = new WarningLines();
        boolean audited = false;
        for (CompiledPolicy policy : policies) {
            if (!policy.matches(workload, labels)) {
                continue;
            }
            if (webhook == WebhookKind.MUTATE) {
                warnings.add(policy.name() + ": not mutated: " + problem);
                continue;
            }
            // not reviewing the workload is treated as a finding of the highest severity
            switch (policy.actions().atAdmission(Severity.CRITICAL)) {
                case DENY -> denials.add("- policy " + policy.name() + ": " + problem);
                case WARN -> warnings.add(policy.name() + ": not reviewed: " + problem);
                case COUNT -> audited = true;
            }
        }
        return outcome(kind, workload, denials, warnings, audited, List.of());
    }

    private static AdmissionOutcome outcome(String kind, Workload workload, DenialLines denials,
                                            WarningLines warnings, boolean audited,
                                            List<AdmissionOutcome.PolicyFinding> counted) {
        if (denials.count() > 0) {
            return new AdmissionOutcome(Decision.DENIED, kind, false, denials.message(workload), warnings.lines(),
                    List.of(), counted);
        }
        if (warnings.count() > 0) {
            return new AdmissionOutcome(Decision.WARNED, kind, true, null, warnings.lines(), List.of(), counted);
        }
        return new AdmissionOutcome(audited ? Decision.AUDITED : Decision.ALLOWED, kind, true, null, List.of(),
                List.of());
    }

    private Workload workload(JsonNode object, AdmissionRequest request, String field, boolean withPodSpec)
            throws BadReviewException {
        if (object == null) {
            throw new BadReviewException(field + " is required for " + request.operation());
        }
        JsonNode metadata = object.get("metadata");
        if (metadata instanceof ObjectNode meta && !meta.hasNonNull("namespace") && !request.namespace().isEmpty()) {
            meta.put("namespace", request.namespace());
        }
        try {
            Optional<Workload> workload = withPodSpec ? Workloads.fromTree(object, kinds)
                    : Workloads.withoutPodSpec(object, kinds);
            return workload.orElseThrow(() -> new BadReviewException(
                    field + " is not a " + request.resource() + " object (apiVersion/kind missing or different)"));
        } catch (InvalidWorkloadException e) {
            throw new BadReviewException(field + "." + e.getMessage());
        }
    }

    private static Set<String> findingKeys(EvaluationResult result, Workload workload) {
        Set<String> keys = new HashSet<>();
        for (Finding finding : result.violations()) {
            keys.add(key(finding, workload));
        }
        return keys;
    }

    /**
     * A finding's check and field, relative to the pod spec or pod metadata it is in and with a container named
     * rather than numbered, so that a Pod and the template it was made from, or an object before and after a
     * container was inserted ahead of others, give the same key for the same finding.
     */
    private static String key(Finding finding, Workload workload) {
        String path = finding.path().toString();
        String spec = workload.podSpecPath().toString();
        String metadata = workload.podMetadataPath().toString();
        String relative = path.startsWith(spec) ? "spec" + path.substring(spec.length())
                : path.startsWith(metadata) ? "metadata" + path.substring(metadata.length()) : path;
        if (finding.container() != null) {
            relative = CONTAINER_ELEMENT.matcher(relative)
                    .replaceFirst(Matcher.quoteReplacement("$1[" + finding.container() + "]"));
        }
        return finding.checkId() + '|' + relative;
    }

    private static String denialLine(CompiledPolicy policy, Finding finding) {
        return "- policy " + policy.name() + ", check " + finding.checkId() + " (" + finding.severity().id() + "): "
                + finding.message() + ". Fix: " + finding.fix();
    }

    private static String warning(CompiledPolicy policy, Finding finding) {
        return policy.name() + ": " + finding.checkId() + ": " + finding.message();
    }

    /** The first {@link #MAX_DENIED_FINDINGS} denial lines; the rest are only counted. */
    private static final class DenialLines {
        private final List<String> kept = new ArrayList<>();
        private int count;

        void add(String line) {
            if (kept.size() < MAX_DENIED_FINDINGS) {
                kept.add(line);
            }
            count++;
        }

        int count() {
            return count;
        }

        String message(Workload workload) {
            StringBuilder message = new StringBuilder("Shipshape denied ").append(workload.display())
                    .append(": ").append(count).append(count == 1 ? " violation" : " violations");
            kept.forEach(line -> message.append('\n').append(line));
            if (count > kept.size()) {
                message.append("\n- ... and ").append(count - kept.size())
                        .append(" more; run shipshape scan on the manifest for the full list");
            }
            return message.toString();
        }
    }

    /**
     * Warnings, each cut to {@link #MAX_WARNING_LENGTH}, as many as fit in {@link #MAX_WARNINGS_LENGTH} with room
     * left for a last line counting those that did not fit.
     */
    static final class WarningLines {
        private static final int ROOM_FOR_REST = rest(Integer.MAX_VALUE).length();

        private final List<String> kept = new ArrayList<>();
        private int length;
        private int count;

        void add(String warning) {
            String line = truncate(warning);
            if (count == kept.size() && length + line.length() + ROOM_FOR_REST <= MAX_WARNINGS_LENGTH) {
                kept.add(line);
                length += line.length();
            }
            count++;
        }

        int count() {
            return count;
        }

        List<String> lines() {
            if (count == kept.size()) {
                return List.copyOf(kept);
            }
            List<String> lines = new ArrayList<>(kept);
            lines.add(rest(count - kept.size()));
            return List.copyOf(lines);
        }

        private static String rest(int more) {
            return "... and " + more + " more findings; run shipshape scan for all of them";
        }
    }

    private static String truncate(String warning) {
        return warning.length() <= MAX_WARNING_LENGTH ? warning : warning.substring(0, MAX_WARNING_LENGTH - 3) + "...";
    }
}
