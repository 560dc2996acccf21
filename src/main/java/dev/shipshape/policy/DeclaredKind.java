package dev.shipshape.policy;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kind of object, outside the built-in ones, that carries a pod template and is therefore a workload: an Argo
 * Rollout, a Knative Service, an OpenKruise CloneSet, a KEDA ScaledJob... Declared as
 * {@code GROUP/VERSION/KIND[:PLURAL]=TEMPLATE_PATH[;batch]}, for example {@code argoproj.io/v1alpha1/Rollout=spec.template}
 * or {@code keda.sh/v1alpha1/ScaledJob=spec.jobTargetRef.template;batch}. The plural defaults to the kind in lower
 * case with an {@code s}; {@code batch} marks pods that run to completion (no probes expected).
 *
 * @param group the API group, never the core group
 * @param version the version whose objects are read (every version of the group is read the same way)
 * @param kind the kind, as in manifests
 * @param plural the resource name
 * @param podTemplatePath where the pod template ({@code metadata} and {@code spec}) sits
 * @param batch whether its pods run to completion
 */
public record DeclaredKind(String group, String version, String kind, String plural, FieldPath podTemplatePath,
                           boolean batch) implements WorkloadShape {

    private static final Pattern DECLARATION = Pattern.compile(
            "([a-z0-9]([-a-z0-9.]*[a-z0-9])?)/([a-z0-9]+)/([A-Z][A-Za-z0-9]*)(:([a-z0-9][-a-z0-9]*))?"
                    + "=([A-Za-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*)*)(;batch)?");
    /** What a declaration looks like, for messages. */
    public static final String FORMAT = "GROUP/VERSION/KIND[:PLURAL]=TEMPLATE_PATH[;batch], "
            + "e.g. argoproj.io/v1alpha1/Rollout=spec.template";

    /**
     * Reads a declaration.
     *
     * @throws IllegalArgumentException naming what is wrong, when it is not one
     */
    public static DeclaredKind parse(String declaration) {
        Matcher matcher = DECLARATION.matcher(declaration.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a workload kind declaration: \"" + declaration + "\"; expected "
                    + FORMAT);
        }
        String group = matcher.group(1);
        if (!group.contains(".")) {
            throw new IllegalArgumentException("not a workload kind declaration: \"" + declaration + "\": the group "
                    + group + " has no dot; custom resources live in groups such as argoproj.io");
        }
        String kind = matcher.group(4);
        String plural = matcher.group(6) != null ? matcher.group(6) : kind.toLowerCase(Locale.ROOT) + "s";
        return new DeclaredKind(group, matcher.group(3), kind, plural, FieldPath.of(matcher.group(7).split("\\.")),
                matcher.group(9) != null);
    }

    public String apiVersion() {
        return group + "/" + version;
    }

    @Override
    public FieldPath podMetadataPath() {
        return podTemplatePath.field("metadata");
    }

    @Override
    public FieldPath podSpecPath() {
        return podTemplatePath.field("spec");
    }

    /** The declaration this was read from, in its canonical form. */
    public String declaration() {
        return apiVersion() + "/" + kind + ":" + plural + "=" + podTemplatePath + (batch ? ";batch" : "");
    }
}
