package dev.shipshape.admissionpolicy;

import dev.shipshape.cluster.KubernetesNames;
import dev.shipshape.policy.ActiveCheck;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.ContainerType;
import dev.shipshape.policy.Exemption;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.PolicyEvaluator;
import dev.shipshape.policy.PolicyMatch;
import dev.shipshape.policy.WorkloadKind;
import dev.shipshape.policy.WorkloadKinds;
import dev.shipshape.policy.WorkloadShape;
import dev.shipshape.policy.cel.Cel;
import dev.shipshape.policy.cel.CelRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchCondition;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchResources;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.NamedRuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBindingBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Validation;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Variable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compiles a HardeningPolicy into ValidatingAdmissionPolicies and their bindings, which the API server evaluates in
 * process and which decide as the webhook does: one policy and binding per admission action its checks lead to (Deny,
 * Warn or Audit), one validation per check, exemptions in CEL. Objects that a controller owns are left out: their
 * owner was judged when it was admitted, and only the webhook can verify the owner. No I/O.
 */
public final class AdmissionPolicyGenerator {

    /** Annotation holding the full name of the HardeningPolicy a generated object belongs to. */
    public static final String POLICY_ANNOTATION = "shipshape.dev/policy";
    /** Annotation holding the generation of the HardeningPolicy it was generated from. */
    public static final String GENERATION_ANNOTATION = "shipshape.dev/policy-generation";
    static final String NAME_PREFIX = "shipshape-";
    static final String POD_LOCATION = "pod";
    private static final List<String> OPERATIONS = List.of("CREATE", "UPDATE");
    private static final String OLD = "old_";

    private final WorkloadKinds kinds;
    private final Set<String> excludedNamespaces;

    /**
     * @param kinds the workload kinds the webhook reviews: the built-in ones and those declared in configuration
     * @param excludedNamespaces namespaces never reviewed, as the webhook's: the operator's own, kube-system, extras
     */
    public AdmissionPolicyGenerator(WorkloadKinds kinds, Set<String> excludedNamespaces) {
        this.kinds = kinds;
        this.excludedNamespaces = new TreeSet<>(excludedNamespaces);
    }

    /** The objects generated for {@code policy} at {@code now}: exemptions expired by then are left out. */
    public GeneratedPolicies generate(CompiledPolicy policy, Instant now) {
        Map<AdmissionBand, List<ActiveCheck>> bands = new EnumMap<>(AdmissionBand.class);
        Map<String, String> webhookOnly = new LinkedHashMap<>();
        List<String> generated = new ArrayList<>();
        for (ActiveCheck active : policy.checks()) {
            CelRule rule = active.check().celRule();
            if (!rule.expressible()) {
                webhookOnly.put(active.id(), rule.webhookOnlyReason());
                continue;
            }
            generated.add(active.id());
            bands.computeIfAbsent(AdmissionBand.of(policy.actions().atAdmission(active.severity())),
                    band -> new ArrayList<>()).add(active);
        }
        List<Exemption> exemptions = policy.exemptions().all().stream()
                .filter(exemption -> !exemption.expiredAt(now)).toList();
        Instant regenerateAt = exemptions.stream().map(Exemption::expires).filter(expiry -> expiry != null)
                .min(Instant::compareTo).orElse(null);
        List<ValidatingAdmissionPolicy> policies = new ArrayList<>();
        List<ValidatingAdmissionPolicyBinding> bindings = new ArrayList<>();
        bands.forEach((band, checks) -> {
            String name = objectName(policy.name(), band);
            policies.add(admissionPolicy(name, policy, band, checks, exemptions));
            bindings.add(binding(name, policy, band));
        });
        return new GeneratedPolicies(policy.name(), policies, bindings, generated, webhookOnly, regenerateAt);
    }

    /** The names of the policies (and bindings) generated for {@code policy}, without generating them. */
    public static List<String> objectNames(CompiledPolicy policy) {
        Set<AdmissionBand> bands = java.util.EnumSet.noneOf(AdmissionBand.class);
        for (ActiveCheck active : policy.checks()) {
            if (active.check().celRule().expressible()) {
                bands.add(AdmissionBand.of(policy.actions().atAdmission(active.severity())));
            }
        }
        return bands.stream().map(band -> objectName(policy.name(), band)).toList();
    }

    /** The name of the policy and binding generated for a HardeningPolicy's band. */
    public static String objectName(String policyName, AdmissionBand band) {
        return KubernetesNames.fit(NAME_PREFIX + policyName + "-" + band.suffix(), KubernetesNames.MAX_NAME_LENGTH);
    }

    private ValidatingAdmissionPolicy admissionPolicy(String name, CompiledPolicy policy, AdmissionBand band,
                                                      List<ActiveCheck> checks, List<Exemption> exemptions) {
        WorkloadVariables variables = new WorkloadVariables(kindsOf(policy));
        List<Variable> declared = new ArrayList<>(variables.declarations(""));
        declared.add(variable("batch", variables.batch()));
        boolean comparesOld = band == AdmissionBand.DENY;
        if (comparesOld) {
            declared.addAll(variables.declarations(OLD));
        }
        if (policy.allowAnnotationExemptions()) {
            declared.add(variable("annotationExemptions", annotationExemptions()));
        }
        List<Validation> validations = new ArrayList<>();
        for (ActiveCheck active : checks) {
            String id = variableName(active.id());
            CelRule rule = active.check().celRule();
            List<Exemption> covering = exemptions.stream()
                    .filter(exemption -> exemption.checks().isEmpty() || exemption.checks().contains(active.id()))
                    .toList();
            declared.add(variable(id, locations(policy, active.id(), rule, covering, "")));
            String failing = "variables." + id;
            if (comparesOld) {
                declared.add(variable(OLD + id, locations(policy, active.id(), rule, covering, OLD)));
                declared.add(variable("new_" + id, "request.operation == 'UPDATE' ? variables." + id
                        + ".filter(location, !(location in variables." + OLD + id + ")) : variables." + id));
                failing = "variables.new_" + id;
            }
            String fix = ". Fix: " + active.check().descriptor().fix();
            String head = policy.name() + ": " + active.id() + " (" + active.severity().id() + "): ";
            validations.add(new ValidationBuilder()
                    .withExpression("size(" + failing + ") == 0")
                    .withMessageExpression(Cel.quote(head) + " + " + failing + ".join(', ') + "
                            + Cel.quote(" " + rule.problem() + fix))
                    .withMessage(head + "the pod or a container " + rule.problem() + fix)
                    .withReason("Forbidden")
                    .build());
        }
        return new ValidatingAdmissionPolicyBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(name).withLabels(labels(policy.name()))
                        .withAnnotations(annotations(policy)).build())
                .withNewSpec()
                .withFailurePolicy(band == AdmissionBand.DENY ? "Fail" : "Ignore")
                .withMatchConstraints(matchResources(policy))
                .withMatchConditions(matchConditions(policy))
                .withVariables(declared)
                .withValidations(validations)
                .endSpec()
                .build();
    }

    private ValidatingAdmissionPolicyBinding binding(String name, CompiledPolicy policy, AdmissionBand band) {
        return new ValidatingAdmissionPolicyBindingBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(name).withLabels(labels(policy.name()))
                        .withAnnotations(annotations(policy)).build())
                .withNewSpec()
                .withPolicyName(name)
                .withValidationActions(band.validationAction())
                .endSpec()
                .build();
    }

    private static Map<String, String> labels(String policyName) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(KubernetesNames.MANAGED_BY_LABEL, KubernetesNames.MANAGED_BY);
        labels.put(KubernetesNames.POLICY_LABEL, KubernetesNames.labelValue(policyName));
        return labels;
    }

    private static Map<String, String> annotations(CompiledPolicy policy) {
        Map<String, String> annotations = new TreeMap<>();
        annotations.put(POLICY_ANNOTATION, policy.name());
        annotations.put(GENERATION_ANNOTATION, Long.toString(policy.generation()));
        return annotations;
    }

    /** The shapes the policy applies to: its kinds, or every reviewed kind. */
    private List<WorkloadShape> kindsOf(CompiledPolicy policy) {
        Set<String> only = policy.match() instanceof PolicyMatch match ? match.kinds() : Set.of();
        return kinds.all().stream().filter(shape -> only.isEmpty() || only.contains(shape.kind())).toList();
    }

    private MatchResources matchResources(CompiledPolicy policy) {
        Map<String, Set<String>> resourcesByGroup = new TreeMap<>();
        for (WorkloadShape shape : kindsOf(policy)) {
            Set<String> resources = resourcesByGroup.computeIfAbsent(shape.group(), group -> new TreeSet<>());
            resources.add(shape.plural());
            if (shape == WorkloadKind.POD) {
                resources.add(WorkloadKind.POD.plural() + "/" + WorkloadKind.EPHEMERAL_CONTAINERS);
            }
        }
        List<NamedRuleWithOperations> rules = new ArrayList<>();
        resourcesByGroup.forEach((group, resources) -> {
            NamedRuleWithOperations rule = new NamedRuleWithOperations();
            rule.setApiGroups(List.of(group));
            rule.setApiVersions(List.of("*"));
            rule.setOperations(OPERATIONS);
            rule.setResources(List.copyOf(resources));
            rule.setScope("Namespaced");
            rules.add(rule);
        });
        MatchResources match = new MatchResources();
        match.setResourceRules(rules);
        match.setMatchPolicy("Equivalent");
        if (policy.match() instanceof PolicyMatch policyMatch) {
            match.setNamespaceSelector(selectorOrEverything(policyMatch.namespaceSelector().selector()));
            match.setObjectSelector(selectorOrEverything(policyMatch.objectSelector().selector()));
        } else {
            match.setNamespaceSelector(new LabelSelector());
            match.setObjectSelector(new LabelSelector());
        }
        return match;
    }

    private static LabelSelector selectorOrEverything(LabelSelector selector) {
        return selector == null ? new LabelSelector() : selector;
    }

    private List<MatchCondition> matchConditions(CompiledPolicy policy) {
        List<MatchCondition> conditions = new ArrayList<>();
        conditions.add(new MatchCondition("!(request.subResource != '' && request.subResource != "
                + Cel.quote(WorkloadKind.EPHEMERAL_CONTAINERS) + ")", "main-resource-or-ephemeral-containers"));
        if (!excludedNamespaces.isEmpty()) {
            conditions.add(new MatchCondition("!(request.namespace in " + Cel.list(excludedNamespaces) + ")",
                    "not-in-excluded-namespace"));
        }
        if (policy.match() instanceof PolicyMatch match) {
            if (!match.namespaces().isEmpty() && !match.namespaces().contains("*")) {
                conditions.add(new MatchCondition(Cel.matchesAnyGlob("request.namespace", match.namespaces()),
                        "in-policy-namespaces"));
            }
            if (!match.excludedNamespaces().isEmpty()) {
                conditions.add(new MatchCondition(
                        Cel.not(Cel.matchesAnyGlob("request.namespace", match.excludedNamespaces())),
                        "not-in-policy-excluded-namespaces"));
            }
        }
        conditions.add(new MatchCondition("!has(object.metadata.ownerReferences) || "
                + "!object.metadata.ownerReferences.exists(owner, has(owner.controller) && owner.controller == true"
                + " && owner.kind in " + Cel.list(kinds.all().stream().map(WorkloadShape::kind).toList()) + ")",
                "not-created-by-a-workload-controller"));
        return conditions;
    }

    /**
     * The list of where {@code rule} fails in the object (or the old object, by {@code side}): {@code "pod"} and
     * containers as messages name them, e.g. {@code init container "setup"}, less what exemptions cover.
     */
    private static String locations(CompiledPolicy policy, String checkId, CelRule rule, List<Exemption> covering,
                                    String side) {
        List<String> parts = new ArrayList<>();
        if (rule.podViolates() != null) {
            String podExempt = podExempt(covering);
            String violates = podExempt == null ? rule.podViolates()
                    : Cel.allOf(rule.podViolates(), Cel.not(podExempt));
            parts.add("(" + violates + " ? [" + Cel.quote(POD_LOCATION) + "] : [])");
        }
        if (rule.containerViolates() != null) {
            for (ContainerType type : ContainerType.values()) {
                if (!rule.containerTypes().contains(type)) {
                    continue;
                }
                String containerExempt = containerExempt(covering);
                String violates = containerExempt == null ? rule.containerViolates()
                        : Cel.allOf(rule.containerViolates(), Cel.not(containerExempt));
                parts.add("variables." + side + WorkloadVariables.containersOf(type) + ".filter(c, " + violates
                        + ").map(c, " + Cel.quote(type.label() + " \"") + " + (has(c.name) ? c.name : '') + '\"')");
            }
        }
        String list = String.join(" + ", parts);
        if (rule.appliesWhen() != null) {
            list = rule.appliesWhen() + " ? " + list + " : []";
        }
        if (policy.allowAnnotationExemptions()) {
            list = Cel.quote(checkId) + " in variables.annotationExemptions ? [] : " + list;
        }
        return WorkloadVariables.resolve(list, side);
    }

    /** CEL true when one of {@code covering} exempts the pod itself, or null when none can. */
    private static String podExempt(List<Exemption> covering) {
        List<String> any = new ArrayList<>();
        for (Exemption exemption : covering) {
            if (exemption.containers().isEmpty() && exemption.images().isEmpty()) {
                any.add(workloadExempt(exemption));
            }
        }
        return any.isEmpty() ? null : Cel.anyOf(any.toArray(String[]::new));
    }

    /** CEL true when one of {@code covering} exempts container {@code c}, or null when there are none. */
    private static String containerExempt(List<Exemption> covering) {
        List<String> any = new ArrayList<>();
        for (Exemption exemption : covering) {
            List<String> conditions = new ArrayList<>();
            conditions.add(workloadExempt(exemption));
            if (!exemption.containers().isEmpty()) {
                conditions.add(Cel.matchesAnyGlob("c.name", exemption.containers()));
            }
            if (!exemption.images().isEmpty()) {
                conditions.add("(has(c.image) && " + Cel.matchesAnyGlob("c.image", exemption.images()) + ")");
            }
            any.add(Cel.allOf(conditions.toArray(String[]::new)));
        }
        return any.isEmpty() ? null : Cel.anyOf(any.toArray(String[]::new));
    }

    /** CEL true when {@code exemption}'s namespaces and workloads cover the object. */
    private static String workloadExempt(Exemption exemption) {
        List<String> conditions = new ArrayList<>();
        conditions.add("true");
        if (!exemption.namespaces().isEmpty()) {
            conditions.add(Cel.matchesAnyGlob("request.namespace", exemption.namespaces()));
        }
        if (!exemption.workloads().isEmpty()) {
            conditions.add("(has(object.metadata.name) && " + Cel.matchesAnyGlob("object.metadata.name",
                    exemption.workloads()) + ")");
        }
        return Cel.allOf(conditions.toArray(String[]::new));
    }

    /** The check ids the object's {@value PolicyEvaluator#EXEMPT_ANNOTATION} annotation lists. */
    private static String annotationExemptions() {
        String key = Cel.quote(PolicyEvaluator.EXEMPT_ANNOTATION);
        return "has(object.metadata.annotations) && " + key + " in object.metadata.annotations ? "
                + "object.metadata.annotations[" + key + "].split(',').map(id, id.trim()) : []";
    }

    private static Variable variable(String name, String expression) {
        return new Variable(expression, name);
    }

    /** A check id as a CEL variable name: {@code run-as-user} becomes {@code run_as_user}. */
    static String variableName(String checkId) {
        return checkId.replace('-', '_');
    }

    /** The variables every generated policy declares: the pod spec and metadata and the container lists. */
    private static final class WorkloadVariables {

        private final List<WorkloadShape> shapes;

        WorkloadVariables(List<WorkloadShape> shapes) {
            this.shapes = shapes;
        }

        static String containersOf(ContainerType type) {
            return switch (type) {
                case INIT -> "initContainers";
                case REGULAR -> "regularContainers";
                case EPHEMERAL -> "ephemeralContainers";
            };
        }

        List<Variable> declarations(String side) {
            String object = side.isEmpty() ? "object" : "oldObject";
            List<Variable> variables = new ArrayList<>();
            variables.add(variable(side + "spec", byShape(shape -> guarded(object, shape.podSpecPath()))));
            variables.add(variable(side + "meta", byShape(shape -> guarded(object, shape.podMetadataPath()))));
            for (ContainerType type : ContainerType.values()) {
                String list = "variables." + side + "spec." + type.field();
                variables.add(variable(side + containersOf(type), "has(" + list + ") ? " + list + " : []"));
            }
            variables.add(variable(side + "containers", "variables." + side + "initContainers + variables." + side
                    + "regularContainers + variables." + side + "ephemeralContainers"));
            return variables;
        }

        /** CEL true when the object is of a kind whose pods run to completion. */
        String batch() {
            List<String> batchKinds = shapes.stream().filter(WorkloadShape::batch).map(WorkloadVariables::isResource)
                    .toList();
            return batchKinds.isEmpty() ? "false" : String.join(" || ", batchKinds);
        }

        /** A text with the placeholders of rules replaced by the variables of {@code side}. */
        static String resolve(String text, String side) {
            return text.replace(Cel.SPEC, "variables." + side + "spec")
                    .replace(Cel.METADATA, "variables." + side + "meta")
                    .replace(Cel.CONTAINERS, "variables." + side + "containers")
                    .replace(Cel.KIND, "request.kind.kind")
                    .replace(Cel.BATCH, "variables.batch");
        }

        private static String guarded(String object, FieldPath path) {
            return "(" + Cel.has(object, path) + " ? " + Cel.at(object, path) + " : {})";
        }

        private String byShape(java.util.function.Function<WorkloadShape, String> value) {
            if (shapes.size() == 1) {
                return value.apply(shapes.get(0));
            }
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < shapes.size() - 1; i++) {
                WorkloadShape shape = shapes.get(i);
                text.append(isResource(shape)).append(" ? ").append(value.apply(shape)).append(" : ");
            }
            return text.append(value.apply(shapes.get(shapes.size() - 1))).toString();
        }

        private static String isResource(WorkloadShape shape) {
            return "(request.resource.group == " + Cel.quote(shape.group()) + " && request.resource.resource == "
                    + Cel.quote(shape.plural()) + ")";
        }
    }
}
