package dev.shipshape.cli.input;

import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.api.v1alpha1.HardeningPolicySpec;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.FieldProblem;
import dev.shipshape.policy.InvalidPolicyException;
import dev.shipshape.policy.LabelledPolicy;
import dev.shipshape.policy.PodSecurityVersion;
import dev.shipshape.policy.PolicyCompiler;
import dev.shipshape.policy.SpecReader;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a HardeningPolicy manifest for {@code --policy} and compiles it as the operator would. */
public final class PolicyFiles {

    private static final String API_VERSION = HardeningPolicy.GROUP + "/" + HardeningPolicy.VERSION;
    private PolicyFiles() {
    }

    /**
     * @param podSecurityVersion replaces the policy's spec.podSecurityVersion, or null to keep it
     * @throws InputException when the file cannot be read or parsed, holds no single HardeningPolicy, or the
     *                        policy is invalid; lists every problem the compiler found, each with its line
     */
    public static CompiledPolicy load(String argument, PodSecurityVersion podSecurityVersion, CliContext context)
            throws InputException {
        return loadLabelled(argument, podSecurityVersion, context).policy();
    }

    /** As {@link #load}, with the policy's labels. */
    public static LabelledPolicy loadLabelled(String argument, PodSecurityVersion podSecurityVersion,
                                              CliContext context) throws InputException {
        List<InputProblem> problems = new ArrayList<>();
        List<InputSource> sources = InputFiles.expand(List.of(argument), context, problems);
        if (!problems.isEmpty()) {
            throw new InputException(problems);
        }
        if (sources.size() != 1 || sources.get(0).isStdin()) {
            throw new InputException(InputProblem.ofFile(argument, "--policy takes one HardeningPolicy file"));
        }
        ManifestFile file = ManifestLoader.load(sources.get(0), context);
        if (!file.problems().isEmpty()) {
            throw new InputException(file.problems());
        }
        ManifestObject policy = findPolicy(file);
        String name = policy.tree().path("metadata").path("name").asText("");
        if (name.isEmpty()) {
            throw problem(policy, FieldPath.of("metadata"), "metadata.name: required");
        }
        HardeningPolicySpec spec = readSpec(policy);
        if (podSecurityVersion != null) {
            spec.setPodSecurityVersion(podSecurityVersion.toString());
        }
        Map<String, String> labels = new LinkedHashMap<>();
        policy.tree().path("metadata").path("labels").fields()
                .forEachRemaining(label -> labels.put(label.getKey(), label.getValue().asText()));
        try {
            return new LabelledPolicy(PolicyCompiler.compile(name, spec), labels);
        } catch (InvalidPolicyException e) {
            throw new InputException(e.problems().stream()
                    .map(problem -> locate(policy, problem))
                    .toList());
        }
    }

    private static ManifestObject findPolicy(ManifestFile file) throws InputException {
        List<ManifestObject> policies = new ArrayList<>();
        for (ManifestDocument document : file.documents()) {
            for (ManifestObject object : ManifestObject.of(file, document)) {
                if (HardeningPolicy.KIND.equals(object.kind())) {
                    policies.add(object);
                }
            }
        }
        if (policies.size() != 1) {
            throw new InputException(InputProblem.ofFile(file.name(), policies.isEmpty()
                    ? "no HardeningPolicy (apiVersion " + API_VERSION + ") in the file"
                    : policies.size() + " HardeningPolicy objects in the file; --policy takes exactly one"));
        }
        ManifestObject policy = policies.get(0);
        String apiVersion = policy.tree().path("apiVersion").asText("");
        if (!API_VERSION.equals(apiVersion)) {
            throw problem(policy, FieldPath.of("apiVersion"),
                    "apiVersion: expected " + API_VERSION + ", got \"" + apiVersion + "\"");
        }
        return policy;
    }

    private static HardeningPolicySpec readSpec(ManifestObject policy) throws InputException {
        try {
            return SpecReader.read(policy.tree().get("spec"), HardeningPolicySpec.class, HardeningPolicySpec::new);
        } catch (InvalidPolicyException e) {
            throw new InputException(e.problems().stream().map(problem -> locate(policy, problem)).toList());
        }
    }

    private static InputProblem locate(ManifestObject policy, FieldProblem problem) {
        SourcePosition position = policy.position(problem.path());
        return new InputProblem(policy.file().name(), position.line(), position.column(), problem.toString());
    }

    private static InputException problem(ManifestObject policy, FieldPath field, String message) {
        SourcePosition position = policy.position(field);
        return new InputException(new InputProblem(policy.file().name(), position.line(), position.column(), message));
    }
}
