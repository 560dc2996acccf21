package dev.shipshape.cli.input;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.api.v1alpha1.HardeningExemption;
import dev.shipshape.api.v1alpha1.HardeningExemptionSpec;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.ExemptionRequest;
import dev.shipshape.policy.ExemptionRequests;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.FieldProblem;
import dev.shipshape.policy.InvalidPolicyException;
import dev.shipshape.policy.LabelledPolicy;
import dev.shipshape.policy.SpecReader;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the HardeningExemptions of {@code scan --exemptions} and adds those the policy honours to it, as the operator
 * does: the policy must delegate their namespace, checks and duration ({@code spec.delegatedExemptions}).
 */
public final class ExemptionFiles {

    /** A HardeningExemption read from a file, and where. */
    private record Read(ExemptionRequest request, ManifestObject object) {
    }

    private ExemptionFiles() {
    }

    /**
     * {@code policy} with the exemptions in {@code arguments} it honours.
     *
     * @param warnings gets one line for each exemption the policy does not honour, with its file and line
     * @throws InputException when a file cannot be read, holds no HardeningExemption, or one is invalid
     */
    public static CompiledPolicy honoured(LabelledPolicy policy, List<String> arguments, String defaultNamespace,
                                          CliContext context, List<String> warnings) throws InputException {
        List<Read> read = read(arguments, defaultNamespace, context);
        for (Read exemption : read) {
            ExemptionRequest request = exemption.request();
            if (!policy.askedBy(request)) {
                warnings.add(warning(exemption, "HardeningExemption " + request.key() + " does not name or select "
                        + "the policy " + policy.name() + "; it is ignored"));
                continue;
            }
            policy.refusal(request).ifPresent(refusal -> warnings.add(warning(exemption,
                    "HardeningExemption " + request.key() + " is ignored: " + refusal)));
        }
        return policy.honouring(read.stream().map(Read::request).toList());
    }

    private static List<Read> read(List<String> arguments, String defaultNamespace, CliContext context)
            throws InputException {
        List<InputProblem> problems = new ArrayList<>();
        List<InputSource> sources = InputFiles.expand(arguments, context, problems);
        List<Read> read = new ArrayList<>();
        for (InputSource source : sources) {
            ManifestFile file = ManifestLoader.load(source, context);
            problems.addAll(file.problems());
            int found = 0;
            for (ManifestDocument document : file.documents()) {
                for (ManifestObject object : ManifestObject.of(file, document)) {
                    if (HardeningExemption.KIND.equals(object.kind())) {
                        found++;
                        compile(object, defaultNamespace, context.clock().instant(), problems).ifPresent(request -> read.add(new Read(request,
                                object)));
                    }
                }
            }
            if (found == 0 && file.problems().isEmpty()) {
                problems.add(InputProblem.ofFile(file.name(), "no HardeningExemption in the file"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InputException(problems);
        }
        return read;
    }

    private static Optional<ExemptionRequest> compile(ManifestObject object, String defaultNamespace, Instant now,
                                                      List<InputProblem> problems) {
        JsonNode metadata = object.tree().path("metadata");
        String name = metadata.path("name").asText("");
        if (name.isEmpty()) {
            problems.add(locate(object, new FieldProblem(FieldPath.of("metadata", "name"), "required")));
            return Optional.empty();
        }
        String namespace = metadata.path("namespace").asText(defaultNamespace);
        try {
            return Optional.of(ExemptionRequests.compile(namespace, name,
                    ExemptionRequests.created(metadata.path("creationTimestamp").textValue(), now),
                    SpecReader.read(object.tree().get("spec"), HardeningExemptionSpec.class,
                            HardeningExemptionSpec::new)));
        } catch (InvalidPolicyException e) {
            e.problems().forEach(problem -> problems.add(locate(object, problem)));
            return Optional.empty();
        }
    }

    private static String warning(Read exemption, String message) {
        SourcePosition position = exemption.object().position(FieldPath.ROOT);
        return exemption.object().file().name() + ":" + position.line() + ":" + position.column() + ": warning: "
                + message;
    }

    private static InputProblem locate(ManifestObject object, FieldProblem problem) {
        SourcePosition position = object.position(problem.path());
        return new InputProblem(object.file().name(), position.line(), position.column(), problem.toString());
    }
}
