package dev.shipshape.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

import java.util.List;
import java.util.Map;

/**
 * The documented CRD schema of a Kubernetes label selector. Never instantiated: the spec holds fabric8's
 * {@link io.fabric8.kubernetes.api.model.LabelSelector}, whose generated schema has no descriptions.
 */
final class LabelSelectorSchema {

    @JsonPropertyDescription("Labels that must all be present with exactly these values.")
    public Map<String, String> matchLabels;

    @JsonPropertyDescription("Requirements that must all hold.")
    public List<Requirement> matchExpressions;

    private LabelSelectorSchema() {
    }

    static final class Requirement {

        @JsonPropertyDescription("The label key the requirement applies to.")
        @Required
        public String key;

        @JsonPropertyDescription("In: the label's value is one of values. NotIn: the label is absent or its value "
                + "is none of values. Exists: the label is present. DoesNotExist: the label is absent.")
        @Required
        public Operator operator;

        @JsonPropertyDescription("Label values; required and non-empty for In and NotIn, must be empty for Exists "
                + "and DoesNotExist.")
        public List<String> values;

        private Requirement() {
        }
    }

    enum Operator {
        In,
        NotIn,
        Exists,
        DoesNotExist
    }
}
