package dev.shipshape.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a policy lets app teams exempt themselves from with HardeningExemptions ({@code spec.delegatedExemptions}),
 * and the rule that decides whether it honours one.
 *
 * @param delegates whether the policy honours HardeningExemptions at all
 * @param namespaces namespace globs whose exemptions it honours; empty means any
 * @param checks the only check ids an exemption may list; empty means any but {@code allChecksBut}
 * @param allChecksBut check ids an exemption may never list
 * @param maxDays the longest an exemption may last, from its creation to its expiry
 */
public record Delegation(boolean delegates, List<String> namespaces, List<String> checks, List<String> allChecksBut,
                         int maxDays) {

    /** What a policy without {@code spec.delegatedExemptions} delegates: nothing. */
    public static final Delegation NONE = new Delegation(false, List.of(), List.of(), List.of(), 0);
    public static final int DEFAULT_MAX_DAYS = 30;

    public Delegation {
        namespaces = List.copyOf(namespaces);
        checks = List.copyOf(checks);
        allChecksBut = List.copyOf(allChecksBut);
    }

    /** Why the policy {@code policy} refuses {@code request}, or empty when it honours it. */
    public Optional<String> refusal(String policy, ExemptionRequest request) {
        if (!delegates) {
            return Optional.of("HardeningPolicy " + policy + " delegates no exemptions (it has no "
                    + "spec.delegatedExemptions)");
        }
        List<String> reasons = new ArrayList<>();
        if (!Globs.matchesAny(namespaces, request.namespace())) {
            reasons.add("namespace " + request.namespace() + " is not in its delegatedExemptions.namespaces "
                    + namespaces);
        }
        for (String check : request.checks()) {
            if (!checks.isEmpty() && !checks.contains(check)) {
                reasons.add("check " + check + " is not in its delegatedExemptions.checks " + checks);
            } else if (checks.isEmpty() && allChecksBut.contains(check)) {
                reasons.add("check " + check + " is in its delegatedExemptions.allChecksBut " + allChecksBut);
            }
        }
        if (request.expires().isAfter(request.created().plus(Duration.ofDays(maxDays)))) {
            reasons.add("expires " + request.expires() + " is more than " + maxDays + " days after "
                    + request.created());
        }
        return reasons.isEmpty() ? Optional.empty()
                : Optional.of("HardeningPolicy " + policy + " refuses it: " + String.join("; ", reasons));
    }
}
