package dev.shipshape.policy;

import dev.shipshape.api.v1alpha1.HardeningExemptionSpec;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Compiles HardeningExemptions and decides which policies honour them. Reports every problem of an invalid spec at
 * once, each with its field path, as {@link PolicyCompiler} does for policies.
 */
public final class ExemptionRequests {

    private static final FieldPath SPEC = FieldPath.of("spec");

    private ExemptionRequests() {
    }

    /**
     * @param created when the exemption was created (now, for one being created)
     * @throws InvalidPolicyException listing every problem of the spec
     */
    public static ExemptionRequest compile(String namespace, String name, Instant created, HardeningExemptionSpec spec)
            throws InvalidPolicyException {
        HardeningExemptionSpec source = spec == null ? new HardeningExemptionSpec() : spec;
        List<FieldProblem> problems = new ArrayList<>();
        List<String> policies = new ArrayList<>();
        List<String> named = PolicyCompiler.orEmpty(source.getPolicies());
        for (int i = 0; i < named.size(); i++) {
            if (named.get(i) == null || named.get(i).isBlank()) {
                problems.add(new FieldProblem(SPEC.field("policies").index(i), "must not be empty"));
            } else {
                policies.add(named.get(i));
            }
        }
        LabelSelectorMatcher selector = source.getPolicySelector() == null ? null
                : LabelSelectorMatcher.compile(source.getPolicySelector(), SPEC.field("policySelector"), problems);
        if (named.isEmpty() && source.getPolicySelector() == null) {
            problems.add(new FieldProblem(SPEC.field("policies"), "name the policies to be honoured by, or set "
                    + "policySelector"));
        }
        List<String> checks = PolicyCompiler.checkIds(source.getChecks(), SPEC.field("checks"), problems);
        if (PolicyCompiler.orEmpty(source.getChecks()).isEmpty()) {
            problems.add(new FieldProblem(SPEC.field("checks"), "list at least one check to exempt"));
        }
        List<String> workloads = PolicyCompiler.globs(source.getWorkloads(), SPEC.field("workloads"), problems);
        List<String> containers = PolicyCompiler.globs(source.getContainers(), SPEC.field("containers"), problems);
        List<String> images = PolicyCompiler.globs(source.getImages(), SPEC.field("images"), problems);
        if (source.getReason() == null || source.getReason().isBlank()) {
            problems.add(new FieldProblem(SPEC.field("reason"), "required"));
        }
        Instant expires = PolicyCompiler.expiry(source.getExpires(), SPEC.field("expires"), problems);
        if (source.getExpires() == null) {
            problems.add(new FieldProblem(SPEC.field("expires"), "required: an exemption always ends "
                    + "(e.g. 2027-01-31T00:00:00Z)"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidPolicyException(problems);
        }
        String reason = source.getTicket() == null || source.getTicket().isBlank() ? source.getReason()
                : source.getReason() + " (" + source.getTicket() + ")";
        return new ExemptionRequest(namespace, name, policies, selector, checks, workloads, containers, images,
                reason, expires, created);
    }

    /**
     * When an exemption was created, from which a policy's maxDays count: its {@code metadata.creationTimestamp}, or
     * {@code now} for one not stored yet (a manifest in a file, or one being created) or with an unreadable one.
     */
    public static Instant created(String creationTimestamp, Instant now) {
        if (creationTimestamp == null) {
            return now;
        }
        try {
            return Instant.parse(creationTimestamp);
        } catch (DateTimeParseException e) {
            return now;
        }
    }

    /**
     * What each policy that {@code request} asks for says of it.
     *
     * @param policies the valid policies
     */
    public static Decisions decide(ExemptionRequest request, Collection<LabelledPolicy> policies) {
        List<String> acceptedBy = new ArrayList<>();
        SortedMap<String, String> refusedBy = new TreeMap<>();
        for (LabelledPolicy policy : policies) {
            if (policy.askedBy(request)) {
                Optional<String> refusal = policy.refusal(request);
                if (refusal.isPresent()) {
                    refusedBy.put(policy.name(), refusal.get());
                } else {
                    acceptedBy.add(policy.name());
                }
            }
        }
        for (String named : request.policies()) {
            if (policies.stream().noneMatch(policy -> policy.name().equals(named))) {
                refusedBy.put(named, "no valid HardeningPolicy " + named + " exists");
            }
        }
        return new Decisions(acceptedBy.stream().sorted().toList(), refusedBy);
    }

    /**
     * @param acceptedBy the policies that honour the exemption, by name
     * @param refusedBy the policies it asks for that refuse it, with why, by name in name order
     */
    public record Decisions(List<String> acceptedBy, SortedMap<String, String> refusedBy) {

        public Decisions {
            acceptedBy = List.copyOf(acceptedBy);
            refusedBy = Collections.unmodifiableSortedMap(new TreeMap<>(refusedBy));
        }

        public boolean accepted() {
            return !acceptedBy.isEmpty();
        }
    }
}
