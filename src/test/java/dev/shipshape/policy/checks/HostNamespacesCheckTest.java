package dev.shipshape.policy.checks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.shipshape.policy.checks.CheckFixtures.podWithFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class HostNamespacesCheckTest {

    private final HostNamespacesCheck check = new HostNamespacesCheck();

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("nothing set", "", List.of()),
                arguments("all false", "hostNetwork: false\nhostPID: false\nhostIPC: false\n", List.of()),
                arguments("hostNetwork", "hostNetwork: true\n", List.of("spec.hostNetwork")),
                arguments("hostPID", "hostPID: true\n", List.of("spec.hostPID")),
                arguments("hostIPC", "hostIPC: true\n", List.of("spec.hostIPC")),
                arguments("all three, one finding each", "hostIPC: true\nhostPID: true\nhostNetwork: true\n",
                        List.of("spec.hostNetwork", "spec.hostPID", "spec.hostIPC")),
                arguments("windows pods are not relaxed", "os: {name: windows}\nhostNetwork: true\n",
                        List.of("spec.hostNetwork")),
                arguments("user namespace pods are not relaxed", "hostUsers: false\nhostPID: true\n",
                        List.of("spec.hostPID")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsEachHostNamespace(String name, String podFields, List<String> expectedPaths) {
        assertThat(CheckFixtures.paths(check, podWithFields(podFields))).isEqualTo(expectedPaths);
    }

    @Test
    void messagesNameTheField() {
        assertThat(CheckFixtures.messages(check, podWithFields("hostNetwork: true\nhostIPC: true\n")))
                .containsExactly("pod must not set hostNetwork=true", "pod must not set hostIPC=true");
    }
}
