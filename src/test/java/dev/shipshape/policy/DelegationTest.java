package dev.shipshape.policy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class DelegationTest {

    private static final Instant CREATED = Instant.parse("2026-12-02T10:00:00Z");
    private static final Delegation TEAMS_BUT_PRIVILEGED = new Delegation(true, List.of("team-*"), List.of(),
            List.of("privileged", "host-namespaces"), 30);
    private static final Delegation ONLY_PROBES = new Delegation(true, List.of(), List.of("liveness-probe",
            "readiness-probe"), List.of(), 7);

    static Stream<Arguments> refusals() {
        return Stream.of(
                // description, delegation, namespace, checks, days until expiry, expected refusal
                arguments("within everything", TEAMS_BUT_PRIVILEGED, "team-shop", List.of("resource-limits"), 30,
                        null),
                arguments("a policy that delegates nothing", Delegation.NONE, "team-shop", List.of("resource-limits"),
                        1, "HardeningPolicy p delegates no exemptions (it has no spec.delegatedExemptions)"),
                arguments("another namespace", TEAMS_BUT_PRIVILEGED, "payments", List.of("resource-limits"), 1,
                        "HardeningPolicy p refuses it: namespace payments is not in its "
                                + "delegatedExemptions.namespaces [team-*]"),
                arguments("a check kept back", TEAMS_BUT_PRIVILEGED, "team-shop",
                        List.of("resource-limits", "privileged"), 1,
                        "HardeningPolicy p refuses it: check privileged is in its delegatedExemptions.allChecksBut "
                                + "[privileged, host-namespaces]"),
                arguments("a check not listed", ONLY_PROBES, "any", List.of("liveness-probe", "run-as-non-root"), 7,
                        "HardeningPolicy p refuses it: check run-as-non-root is not in its "
                                + "delegatedExemptions.checks [liveness-probe, readiness-probe]"),
                arguments("one second too long", ONLY_PROBES, "any", List.of("liveness-probe"), -1,
                        "HardeningPolicy p refuses it: expires 2026-12-09T10:00:01Z is more than 7 days after "
                                + "2026-12-02T10:00:00Z"),
                arguments("every reason at once", TEAMS_BUT_PRIVILEGED, "payments", List.of("host-namespaces"), 31,
                        "HardeningPolicy p refuses it: namespace payments is not in its "
                                + "delegatedExemptions.namespaces [team-*]; check host-namespaces is in its "
                                + "delegatedExemptions.allChecksBut [privileged, host-namespaces]; expires "
                                + "2027-01-02T10:00:00Z is more than 30 days after 2026-12-02T10:00:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void refusals(String description, Delegation delegation, String namespace, List<String> checks, int days,
                  String expected) {
        Instant expires = days >= 0 ? CREATED.plusSeconds(days * 86_400L)
                : CREATED.plusSeconds(delegation.maxDays() * 86_400L + 1);
        ExemptionRequest request = new ExemptionRequest(namespace, "x", List.of("p"), null, checks, List.of(),
                List.of(), List.of(), "reason", expires, CREATED);

        assertThat(delegation.refusal("p", request)).isEqualTo(Optional.ofNullable(expected));
    }
}
