package dev.shipshape.webhook.tls;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SubjectAlternativeNamesTest {

    @Test
    void extraEntriesAreIpAddressesWhenTheyParseAsOneAndDnsNamesOtherwise() {
        SubjectAlternativeNames names = SubjectAlternativeNames.forService("hook", "ops",
                List.of(" 192.168.1.20 ", "fd00::1", "Hook.Example.COM", "", "999.1.1.1"));

        assertThat(names.dnsNames()).containsExactly("hook", "hook.ops", "hook.ops.svc", "hook.ops.svc.cluster.local",
                "hook.example.com", "999.1.1.1");
        assertThat(names.ipAddresses()).containsExactly("127.0.0.1", "192.168.1.20", "fd00:0:0:0:0:0:0:1");
    }

    @Test
    void equalityIgnoresOrderAndSpelling() {
        SubjectAlternativeNames one = new SubjectAlternativeNames(Set.of("a.example", "B.example"), Set.of("::1"));
        SubjectAlternativeNames other = new SubjectAlternativeNames(Set.of("b.example", "a.example"),
                Set.of("0:0:0:0:0:0:0:1"));

        assertThat(one).isEqualTo(other);
    }
}
