package dev.shipshape.policy;

import java.time.Instant;
import java.util.List;

/**
 * A policy's exemption: findings of the listed checks in workloads that match every non-empty selector
 * are exempt until {@code expires}.
 *
 * @param index position in the policy's {@code spec.exemptions}, or -1 for a HardeningExemption the policy honours
 * @param checks check ids; empty means every check
 * @param namespaces namespace globs; empty means any
 * @param workloads workload name globs; empty means any
 * @param containers container name globs; empty means any
 * @param images image globs; empty means any
 * @param reason why the exemption exists
 * @param expires when it stops applying, or null for never
 * @param origin where it is written, in messages: {@code exemption #2} or {@code HardeningExemption shop/legacy-db}
 */
public record Exemption(int index, List<String> checks, List<String> namespaces, List<String> workloads,
                        List<String> containers, List<String> images, String reason, Instant expires,
                        String origin) {

    /** An exemption of the policy's own {@code spec.exemptions}. */
    public Exemption(int index, List<String> checks, List<String> namespaces, List<String> workloads,
                     List<String> containers, List<String> images, String reason, Instant expires) {
        this(index, checks, namespaces, workloads, containers, images, reason, expires, "exemption #" + index);
    }

    public Exemption {
        checks = List.copyOf(checks);
        namespaces = List.copyOf(namespaces);
        workloads = List.copyOf(workloads);
        containers = List.copyOf(containers);
        images = List.copyOf(images);
    }

    /** Whether it is one of the policy's own {@code spec.exemptions}, not a HardeningExemption. */
    public boolean ownedByPolicy() {
        return index >= 0;
    }

    public boolean expiredAt(Instant now) {
        return expires != null && !now.isBefore(expires);
    }

    /** True when the exemption covers {@code finding}, ignoring expiry. */
    public boolean covers(Finding finding) {
        return (checks.isEmpty() || checks.contains(finding.checkId()))
                && Globs.matchesAny(namespaces, finding.workload().namespace())
                && Globs.matchesAny(workloads, finding.workload().name())
                && Globs.matchesAny(containers, finding.container())
                && Globs.matchesAny(images, finding.image());
    }
}
