package dev.shipshape.admissionpolicy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchCondition;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Validation;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Variable;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Evaluates a generated ValidatingAdmissionPolicy as the API server does, with a Java CEL implementation: the standard
 * library and the strings extension (what Kubernetes 1.30 offers and the generated text uses), {@code object},
 * {@code oldObject} and {@code request} as dynamic values, variables evaluated lazily and once. Compiling rejects any
 * function outside that environment.
 */
public final class CelAdmissionEvaluator {

    private static final Cel CEL = CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("object", SimpleType.DYN)
            .addVar("oldObject", SimpleType.DYN)
            .addVar("request", SimpleType.DYN)
            .addVar("variables", SimpleType.DYN)
            .addCompilerLibraries(CelExtensions.strings())
            .addRuntimeLibraries(CelExtensions.strings())
            .build();

    private final List<Compiled> matchConditions = new ArrayList<>();
    private final Map<String, Compiled> variables = new LinkedHashMap<>();
    private final List<CompiledValidation> validations = new ArrayList<>();

    public CelAdmissionEvaluator(ValidatingAdmissionPolicy policy) {
        for (MatchCondition condition : policy.getSpec().getMatchConditions()) {
            matchConditions.add(compile(condition.getName(), condition.getExpression()));
        }
        for (Variable variable : policy.getSpec().getVariables()) {
            variables.put(variable.getName(), compile(variable.getName(), variable.getExpression()));
        }
        List<Validation> declared = policy.getSpec().getValidations();
        for (int i = 0; i < declared.size(); i++) {
            Validation validation = declared.get(i);
            validations.add(new CompiledValidation(compile("validations[" + i + "]", validation.getExpression()),
                    compile("validations[" + i + "].messageExpression", validation.getMessageExpression()),
                    validation.getMessage()));
        }
    }

    /** The names of the policy's variables, in declaration order. */
    public Set<String> variableNames() {
        return variables.keySet();
    }

    /** One admission request: the object, the old object (UPDATE) and the request's attributes. */
    public Evaluation evaluate(JsonNode object, JsonNode oldObject, Map<String, Object> request) {
        return new Evaluation(JsonValues.of(object), oldObject == null ? null : JsonValues.of(oldObject), request,
                false);
    }

    /** As {@link #evaluate}, counting the CEL nodes evaluated ({@link Evaluation#evaluatedNodes}), which is slower. */
    public Evaluation evaluateCounting(JsonNode object, JsonNode oldObject, Map<String, Object> request) {
        return new Evaluation(JsonValues.of(object), oldObject == null ? null : JsonValues.of(oldObject), request,
                true);
    }

    /**
     * The request attributes a generated policy reads.
     *
     * @param subResource empty for the main resource
     */
    public static Map<String, Object> request(String operation, String namespace, String group, String version,
                                              String kind, String resource, String subResource) {
        Map<String, Object> request = new HashMap<>();
        request.put("operation", operation);
        request.put("namespace", namespace);
        request.put("kind", Map.of("group", group, "version", version, "kind", kind));
        request.put("resource", Map.of("group", group, "version", version, "resource", resource));
        request.put("subResource", subResource);
        return request;
    }

    private static Compiled compile(String name, String expression) {
        try {
            CelAbstractSyntaxTree ast = CEL.compile(expression).getAst();
            return new Compiled(name, expression, CEL.createProgram(ast));
        } catch (CelValidationException | CelEvaluationException e) {
            throw new IllegalArgumentException(name + " does not compile in the Kubernetes CEL environment: "
                    + e.getMessage() + "\n" + expression, e);
        }
    }

    private record Compiled(String name, String expression, CelRuntime.Program program) {
    }

    private record CompiledValidation(Compiled expression, Compiled message, String staticMessage) {
    }

    /** The evaluation of one request: variables are computed when first read, as the API server does. */
    public final class Evaluation {

        private final Map<String, Object> activation = new HashMap<>();
        private final Map<String, Object> values = new HashMap<>();
        private final AtomicLong evaluatedNodes = new AtomicLong();
        private final Map<String, Long> nodesByExpression = new HashMap<>();
        private final boolean counting;

        Evaluation(Object object, Object oldObject, Map<String, Object> request, boolean counting) {
            this.counting = counting;
            activation.put("object", object);
            if (oldObject != null) {
                activation.put("oldObject", oldObject);
            }
            activation.put("request", request);
            activation.put("variables", new LazyVariables());
        }

        /** Whether every match condition holds, so that the policy applies. */
        public boolean matches() {
            for (Compiled condition : matchConditions) {
                if (!Boolean.TRUE.equals(run(condition))) {
                    return false;
                }
            }
            return true;
        }

        /** The value of a variable, e.g. the list of where a check fails. */
        public Object variable(String name) {
            if (values.containsKey(name)) {
                return values.get(name);
            }
            Compiled compiled = variables.get(name);
            if (compiled == null) {
                throw new IllegalArgumentException("no variable " + name);
            }
            Object value = run(compiled);
            values.put(name, value);
            return value;
        }

        /** The messages of the validations that fail (an empty list when the request is admitted). */
        public List<String> failures() {
            List<String> messages = new ArrayList<>();
            for (CompiledValidation validation : validations) {
                if (!Boolean.TRUE.equals(run(validation.expression()))) {
                    Object message = run(validation.message());
                    messages.add(message instanceof String text && !text.isBlank() ? text
                            : validation.staticMessage());
                }
            }
            return messages;
        }

        /**
         * CEL expression nodes evaluated so far, when counting: what the API server's runtime cost counts, roughly one
         * each.
         */
        public long evaluatedNodes() {
            return evaluatedNodes.get();
        }

        /** When counting, the most nodes one expression evaluated itself (without the variables it read). */
        public Map.Entry<String, Long> costliestExpression() {
            return nodesByExpression.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        }

        private Object run(Compiled compiled) {
            try {
                if (!counting) {
                    return compiled.program().eval(activation);
                }
                AtomicLong own = new AtomicLong();
                Object result = compiled.program().trace(activation, (expr, value) -> own.incrementAndGet());
                evaluatedNodes.addAndGet(own.get());
                nodesByExpression.merge(compiled.name(), own.get(), Long::sum);
                return result;
            } catch (CelEvaluationException e) {
                throw new IllegalStateException(compiled.name() + " failed: " + e.getMessage() + "\n"
                        + compiled.expression(), e);
            }
        }

        private final class LazyVariables extends AbstractMap<String, Object> {

            @Override
            public Object get(Object key) {
                return variable((String) key);
            }

            @Override
            public boolean containsKey(Object key) {
                return variables.containsKey(key);
            }

            @Override
            public Set<Entry<String, Object>> entrySet() {
                return new java.util.AbstractSet<>() {
                    @Override
                    public Iterator<Entry<String, Object>> iterator() {
                        return variables.keySet().stream()
                                .<Entry<String, Object>>map(name -> Map.entry(name, variable(name))).iterator();
                    }

                    @Override
                    public int size() {
                        return variables.size();
                    }
                };
            }
        }
    }
}
