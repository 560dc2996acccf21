package dev.shipshape.policy.checks;

import dev.shipshape.policy.Category;
import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.ContainerRef;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.FindingSink;
import dev.shipshape.policy.PodSecurityVersion;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.Workload;
import dev.shipshape.policy.cel.Cel;
import dev.shipshape.policy.cel.CelRule;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pod Security Standards baseline "Seccomp": a seccomp profile, where the pod or a container sets one, must
 * be the runtime's default or a node-local profile, never Unconfined. Before Pod Security Standards 1.19 the
 * control read the seccomp annotations instead of the fields.
 */
public final class SeccompBaselineCheck extends SecurityContextSettingCheck<SeccompProfile> {

    private static final int FIELDS_SINCE = 19;
    /** The legacy seccomp annotations, read by Pod Security Admission before 1.19 and still validated. */
    static final String POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
    static final String CONTAINER_ANNOTATION_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";

    private static final CheckDescriptor DESCRIPTOR = CheckDescriptor.builder("seccomp-baseline")
            .title("Seccomp profile not unconfined")
            .category(Category.KERNEL)
            .profile(Profile.BASELINE)
            .severity(Severity.HIGH)
            .podSecurityControl("Seccomp")
            .podSecurityChange(FIELDS_SINCE, "reads securityContext.seccompProfile instead of the annotations "
                    + POD_ANNOTATION + " and " + CONTAINER_ANNOTATION_PREFIX + "<container>")
            .fields("metadata.annotations['" + POD_ANNOTATION + "']",
                    "metadata.annotations['" + CONTAINER_ANNOTATION_PREFIX + "*']")
            .fields("spec.securityContext.seccompProfile.type")
            .fields(ContainerFields.inEveryContainer("securityContext.seccompProfile.type"))
            .why("Without a seccomp filter a container can call every system call, including rarely used ones "
                    + "that make up much of the kernel's attack surface.")
            .fix("Set seccompProfile.type to RuntimeDefault or Localhost, or remove it.")
            .build();

    private static final FieldPath TYPE = FieldPath.of("securityContext", "seccompProfile", "type");

    private final boolean readsAnnotations;

    public SeccompBaselineCheck() {
        this(false);
    }

    private SeccompBaselineCheck(boolean readsAnnotations) {
        super(TYPE, PodSecurityContext::getSeccompProfile, SecurityContext::getSeccompProfile);
        this.readsAnnotations = readsAnnotations;
    }

    @Override
    public CheckDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Check forPodSecurityVersion(PodSecurityVersion version) {
        return new SeccompBaselineCheck(!version.atLeast(FIELDS_SINCE));
    }

    @Override
    public void evaluate(Workload workload, FindingSink findings) {
        if (!readsAnnotations) {
            super.evaluate(workload, findings);
            return;
        }
        Map<String, String> annotations = workload.podMetadata().getAnnotations();
        if (annotations == null || annotations.isEmpty()) {
            return;
        }
        checkAnnotation(annotations, POD_ANNOTATION, findings);
        for (ContainerRef container : workload.containers()) {
            checkAnnotation(annotations, CONTAINER_ANNOTATION_PREFIX + container.name(), findings);
        }
    }

    private static void checkAnnotation(Map<String, String> annotations, String key, FindingSink findings) {
        String value = annotations.get(key);
        if (annotations.containsKey(key) && !isAllowedAnnotationValue(value)) {
            findings.podMetadata(FieldPath.of("annotations", key), "pod must not set annotation " + key + " to \""
                    + (value == null ? "" : value) + "\"");
        }
    }

    private static boolean isAllowedAnnotationValue(String value) {
        return value != null && ("runtime/default".equals(value) || "docker/default".equals(value)
                || value.startsWith("localhost/"));
    }

    /** A profile that is set must be of type RuntimeDefault or Localhost; a missing type is not allowed either. */
    @Override
    boolean isForbidden(SeccompProfile profile) {
        return !"RuntimeDefault".equals(profile.getType()) && !"Localhost".equals(profile.getType());
    }

    @Override
    String mustNotSet(SeccompProfile profile) {
        return " must not set securityContext.seccompProfile.type to \""
                + (profile.getType() == null ? "" : profile.getType()) + "\"";
    }

    @Override
    FieldPath celValue() {
        return TYPE.parent();
    }

    @Override
    String celForbidden(String profile) {
        return celTypeNotIn(profile, List.of("RuntimeDefault", "Localhost"));
    }

    @Override
    String celProblem() {
        return readsAnnotations
                ? "must set seccomp annotations only to runtime/default, docker/default or localhost/<profile>"
                : "must set seccomp profiles only of type RuntimeDefault or Localhost";
    }

    @Override
    public CelRule celRule() {
        if (!readsAnnotations) {
            return super.celRule();
        }
        String annotations = Cel.METADATA + ".annotations";
        String podKey = Cel.quote(POD_ANNOTATION);
        String containerKey = Cel.quote(CONTAINER_ANNOTATION_PREFIX) + " + c.name";
        return CelRule.pod("(has(" + annotations + ") && ((" + podKey + " in " + annotations + " && !"
                + allowedAnnotation(annotations + "[" + podKey + "]") + ") || " + Cel.CONTAINERS + ".exists(c, has(c.name) && "
                + containerKey + " in " + annotations + " && !" + allowedAnnotation(annotations + "[" + containerKey
                + "]") + ")))", celProblem());
    }

    private static String allowedAnnotation(String value) {
        return "(" + value + " == 'runtime/default' || " + value + " == 'docker/default' || " + value
                + ".startsWith('localhost/'))";
    }
}
