package dev.shipshape.policy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Kubernetes label selector, validated and ready to match label sets with the API server's semantics:
 * every {@code matchLabels} entry and every {@code matchExpressions} requirement must hold; an empty selector
 * matches everything.
 */
public final class LabelSelectorMatcher {

    public static final LabelSelectorMatcher EVERYTHING = new LabelSelectorMatcher(Map.of(), List.of(), null);

    private static final String OPERATORS = "In, NotIn, Exists, DoesNotExist";
    private static final int MAX_NAME_LENGTH = 63;
    private static final int MAX_PREFIX_LENGTH = 253;
    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private final Map<String, String> matchLabels;
    private final LabelSelector selector;
    private final List<Requirement> requirements;

    private LabelSelectorMatcher(Map<String, String> matchLabels, List<Requirement> requirements,
                                 LabelSelector selector) {
        this.selector = selector;
        this.matchLabels = matchLabels;
        this.requirements = requirements;
    }

    /** The valid selector this matcher was compiled from, or null when it matches everything. */
    public LabelSelector selector() {
        return selector;
    }

    /**
     * The matcher for {@code selector}, or {@link #EVERYTHING} when it is null. Problems are added to
     * {@code problems}, prefixed with their path below {@code path}; the result is only meaningful when none
     * were added.
     */
    public static LabelSelectorMatcher compile(LabelSelector selector, FieldPath path, List<FieldProblem> problems) {
        if (selector == null) {
            return EVERYTHING;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (selector.getMatchLabels() != null) {
            FieldPath labelsPath = path.field("matchLabels");
            selector.getMatchLabels().forEach((key, value) -> {
                FieldPath entry = labelsPath.field(key);
                keyProblem(key).ifPresent(problem -> problems.add(new FieldProblem(entry, problem)));
                valueProblem(value).ifPresentOrElse(problem -> problems.add(new FieldProblem(entry, problem)),
                        () -> labels.put(key, value));
            });
        }
        List<Requirement> requirements = new ArrayList<>();
        List<LabelSelectorRequirement> expressions =
                selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
        for (int i = 0; i < expressions.size(); i++) {
            compileRequirement(expressions.get(i), path.field("matchExpressions").index(i), problems)
                    .ifPresent(requirements::add);
        }
        if (labels.isEmpty() && requirements.isEmpty()) {
            return EVERYTHING;
        }
        return new LabelSelectorMatcher(Map.copyOf(labels), List.copyOf(requirements), selector);
    }

    private static Optional<Requirement> compileRequirement(LabelSelectorRequirement expression, FieldPath path,
                                                            List<FieldProblem> problems) {
        if (expression == null) {
            problems.add(new FieldProblem(path, "must be a requirement with key and operator"));
            return Optional.empty();
        }
        int before = problems.size();
        String key = expression.getKey();
        if (key == null) {
            problems.add(new FieldProblem(path.field("key"), "required"));
        } else {
            keyProblem(key).ifPresent(problem -> problems.add(new FieldProblem(path.field("key"), problem)));
        }
        Operator operator = Operator.find(expression.getOperator());
        if (operator == null) {
            problems.add(new FieldProblem(path.field("operator"), (expression.getOperator() == null
                    ? "required (" + OPERATORS + ")"
                    : "unknown operator \"" + expression.getOperator() + "\" (" + OPERATORS + ")")));
        }
        List<String> values = expression.getValues() == null ? List.of() : expression.getValues();
        FieldPath valuesPath = path.field("values");
        if (operator != null && operator.takesValues() && values.isEmpty()) {
            problems.add(new FieldProblem(valuesPath, "required for operator " + operator.name()));
        } else if (operator != null && !operator.takesValues() && !values.isEmpty()) {
            problems.add(new FieldProblem(valuesPath, "must be empty for operator " + operator.name()));
        }
        for (int j = 0; j < values.size(); j++) {
            FieldPath valuePath = valuesPath.index(j);
            valueProblem(values.get(j)).ifPresent(problem -> problems.add(new FieldProblem(valuePath, problem)));
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Requirement(key, operator, Set.copyOf(values)));
    }

    /** Why {@code key} is not a valid label key (an optional DNS subdomain prefix and '/', then a name), or empty. */
    private static Optional<String> keyProblem(String key) {
        String invalid = "invalid label key \"" + key + "\": ";
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (prefix.isEmpty()) {
                return Optional.of(invalid + "prefix before '/' must not be empty");
            }
            if (prefix.length() > MAX_PREFIX_LENGTH || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                return Optional.of(invalid + "prefix must be a DNS subdomain of at most " + MAX_PREFIX_LENGTH
                        + " characters: lowercase alphanumerics, '-' and '.', starting and ending with an "
                        + "alphanumeric");
            }
        }
        if (name.isEmpty()) {
            return Optional.of(invalid + "name must not be empty");
        }
        if (name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
            return Optional.of(invalid + "name must have at most " + MAX_NAME_LENGTH + " characters: "
                    + "alphanumerics, '-', '_' and '.', starting and ending with an alphanumeric");
        }
        return Optional.empty();
    }

    /** Why {@code value} is not a valid label value (empty, or a name of at most 63 characters), or empty. */
    private static Optional<String> valueProblem(String value) {
        if (value == null) {
            return Optional.of("label value must be a string");
        }
        if (value.isEmpty() || value.length() <= MAX_NAME_LENGTH && NAME.matcher(value).matches()) {
            return Optional.empty();
        }
        return Optional.of("invalid label value \"" + value + "\": must have at most " + MAX_NAME_LENGTH
                + " characters: alphanumerics, '-', '_' and '.', starting and ending with an alphanumeric");
    }

    public boolean matches(Map<String, String> labels) {
        for (Map.Entry<String, String> required : matchLabels.entrySet()) {
            if (!required.getValue().equals(labels.get(required.getKey()))) {
                return false;
            }
        }
        for (Requirement requirement : requirements) {
            if (!requirement.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    private enum Operator {
        In,
        NotIn,
        Exists,
        DoesNotExist;

        static Operator find(String name) {
            for (Operator operator : values()) {
                if (operator.name().equals(name)) {
                    return operator;
                }
            }
            return null;
        }

        boolean takesValues() {
            return this == In || this == NotIn;
        }
    }

    private record Requirement(String key, Operator operator, Set<String> values) {

        boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (operator) {
                case In -> value != null && values.contains(value);
                case NotIn -> value == null || !values.contains(value);
                case Exists -> value != null;
                case DoesNotExist -> value == null;
            };
        }
    }
}
