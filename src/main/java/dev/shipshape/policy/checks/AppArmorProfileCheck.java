package dev.shipshape.policy.checks;

import dev.shipshape.policy.Category;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.FindingSink;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.Workload;
import dev.shipshape.policy.cel.Cel;
import dev.shipshape.policy.cel.CelRule;
import io.fabric8.kubernetes.api.model.AppArmorProfile;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pod Security Standards baseline "AppArmor": the pod and its containers must not override the default
 * AppArmor profile with anything but a node-local profile, neither through {@code appArmorProfile} nor
 * through the deprecated per-container annotations.
 */
public final class AppArmorProfileCheck extends SecurityContextSettingCheck<AppArmorProfile> {

    private static final String ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

    private static final CheckDescriptor DESCRIPTOR = CheckDescriptor.builder("apparmor-profile")
            .title("AppArmor profile")
            .category(Category.KERNEL)
            .profile(Profile.BASELINE)
            .severity(Severity.HIGH)
            .podSecurityControl("AppArmor")
            .fields("metadata.annotations['" + ANNOTATION_PREFIX + "*']", "spec.securityContext.appArmorProfile.type")
            .fields(ContainerFields.inEveryContainer("securityContext.appArmorProfile.type"))
            .why("Running unconfined removes the AppArmor profile that keeps a compromised process from writing to "
                    + "/proc, mounting filesystems and using other kernel interfaces useful for an escape.")
            .fix("Set appArmorProfile.type to RuntimeDefault or Localhost (annotations: runtime/default or "
                    + "localhost/<profile>), or remove it.")
            .build();

    private static final FieldPath TYPE = FieldPath.of("securityContext", "appArmorProfile", "type");

    public AppArmorProfileCheck() {
        super(TYPE, PodSecurityContext::getAppArmorProfile, SecurityContext::getAppArmorProfile);
    }

    @Override
    public CheckDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void evaluate(Workload workload, FindingSink findings) {
        super.evaluate(workload, findings);
        Map<String, String> annotations = workload.podMetadata().getAnnotations();
        if (annotations == null || annotations.isEmpty()) {
            return;
        }
        for (Map.Entry<String, String> annotation : annotations.entrySet()) {
            String key = annotation.getKey();
            String value = annotation.getValue();
            if (key.startsWith(ANNOTATION_PREFIX) && !isAllowedAnnotationValue(value)) {
                findings.podMetadata(FieldPath.of("annotations", key),
                        "pod must not set annotation " + key + " to \"" + value + "\"");
            }
        }
    }

    /** A profile that is set must be of type RuntimeDefault or Localhost; a missing type is not allowed either. */
    @Override
    boolean isForbidden(AppArmorProfile profile) {
        return !"RuntimeDefault".equals(profile.getType()) && !"Localhost".equals(profile.getType());
    }

    @Override
    String mustNotSet(AppArmorProfile profile) {
        return " must not set securityContext.appArmorProfile.type to \""
                + (profile.getType() == null ? "" : profile.getType()) + "\"";
    }

    private static boolean isAllowedAnnotationValue(String value) {
        return value == null || value.isEmpty() || "runtime/default".equals(value) || value.startsWith("localhost/");
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
        return "must set AppArmor profiles only of type RuntimeDefault or Localhost (annotations runtime/default or "
                + "localhost/<profile>)";
    }

    @Override
    public CelRule celRule() {
        String annotations = Cel.METADATA + ".annotations";
        return super.celRule().orPod("(has(" + annotations + ") && " + annotations + ".exists(key, key.startsWith("
                + Cel.quote(ANNOTATION_PREFIX) + ") && !(" + annotations + "[key] == '' || " + annotations
                + "[key] == 'runtime/default' || " + annotations + "[key].startsWith('localhost/'))))");
    }
}
