package dev.shipshape.policy.checks;

import dev.shipshape.policy.Category;
import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.ContainerRef;
import dev.shipshape.policy.ContainerType;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.FindingSink;
import dev.shipshape.policy.PodSecurityVersion;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.Workload;
import dev.shipshape.policy.cel.Cel;
import dev.shipshape.policy.cel.CelRule;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SecurityContext;

import java.util.EnumSet;
import java.util.Set;

/**
 * Pod Security Standards baseline "SELinux": the pod and its containers may only pick one of the container
 * SELinux types, and must not set a custom SELinux user or role.
 */
public final class SeLinuxOptionsCheck implements Check {

    private static final Set<String> ALLOWED_TYPES_1_0 =
            Set.of("", "container_t", "container_init_t", "container_kvm_t");
    private static final int ENGINE_TYPE_SINCE = 31;
    private static final Set<String> ALLOWED_TYPES_1_31 =
            Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");

    private static final CheckDescriptor DESCRIPTOR = CheckDescriptor.builder("selinux-options")
            .title("SELinux options")
            .category(Category.KERNEL)
            .profile(Profile.BASELINE)
            .severity(Severity.HIGH)
            .podSecurityControl("SELinux")
            .podSecurityChange(ENGINE_TYPE_SINCE, "the type container_engine_t is allowed")
            .fields("spec.securityContext.seLinuxOptions.type", "spec.securityContext.seLinuxOptions.user",
                    "spec.securityContext.seLinuxOptions.role")
            .fields(ContainerFields.inEveryContainer("securityContext.seLinuxOptions.type",
                    "securityContext.seLinuxOptions.user", "securityContext.seLinuxOptions.role"))
            .why("A custom SELinux type such as spc_t, or a custom user or role, lifts the SELinux confinement that "
                    + "keeps a container away from host files and other containers.")
            .fix("Remove seLinuxOptions.user and .role, and set seLinuxOptions.type only to container_t, "
                    + "container_init_t, container_kvm_t or container_engine_t.")
            .build();

    private static final FieldPath TYPE = FieldPath.of("securityContext", "seLinuxOptions", "type");
    private static final FieldPath USER = FieldPath.of("securityContext", "seLinuxOptions", "user");
    private static final FieldPath ROLE = FieldPath.of("securityContext", "seLinuxOptions", "role");

    private final Set<String> allowedTypes;

    public SeLinuxOptionsCheck() {
        this(ALLOWED_TYPES_1_31);
    }

    private SeLinuxOptionsCheck(Set<String> allowedTypes) {
        this.allowedTypes = allowedTypes;
    }

    @Override
    public CheckDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Check forPodSecurityVersion(PodSecurityVersion version) {
        return new SeLinuxOptionsCheck(version.atLeast(ENGINE_TYPE_SINCE) ? ALLOWED_TYPES_1_31 : ALLOWED_TYPES_1_0);
    }

    @Override
    public void evaluate(Workload workload, FindingSink findings) {
        PodSecurityContext podContext = workload.podSpec().getSecurityContext();
        if (podContext != null && podContext.getSeLinuxOptions() != null) {
            check(podContext.getSeLinuxOptions(), null, findings);
        }
        workload.forEachContainer(container -> {
            SecurityContext context = container.securityContext();
            if (context != null && context.getSeLinuxOptions() != null) {
                check(context.getSeLinuxOptions(), container, findings);
            }
        });
    }

    /** Checks {@code options} of {@code container}, or of the pod when {@code container} is null. */
    private void check(SELinuxOptions options, ContainerRef container, FindingSink findings) {
        String type = options.getType();
        if (type != null && !allowedTypes.contains(type)) {
            report(container, TYPE, "type", type, findings);
        }
        if (options.getUser() != null && !options.getUser().isEmpty()) {
            report(container, USER, "user", options.getUser(), findings);
        }
        if (options.getRole() != null && !options.getRole().isEmpty()) {
            report(container, ROLE, "role", options.getRole(), findings);
        }
    }

    private static void report(ContainerRef container, FieldPath field, String option, String value,
                               FindingSink findings) {
        String message = " must not set securityContext.seLinuxOptions." + option + " to \"" + value + "\"";
        if (container == null) {
            findings.pod(field, "pod" + message);
        } else {
            findings.container(container, field, container.describe() + message);
        }
    }

    @Override
    public CelRule celRule() {
        FieldPath options = TYPE.parent();
        java.util.function.Function<String, String> forbidden = value -> Cel.anyOf(
                "(has(" + value + ".type) && !(" + value + ".type in " + Cel.list(allowedTypes) + "))",
                "(has(" + value + ".user) && " + value + ".user != '')",
                "(has(" + value + ".role) && " + value + ".role != '')");
        return new CelRule(null, Cel.whenSet(Cel.SPEC, options, forbidden), Cel.whenSet(Cel.CONTAINER, options, forbidden),
                EnumSet.allOf(ContainerType.class), "must not set seLinuxOptions user or role, nor a type other than "
                + String.join(", ", new java.util.TreeSet<>(allowedTypes).stream().filter(type -> !type.isEmpty()).toList()), null);
    }
}
