package dev.shipshape.cli.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.shipshape.api.v1alpha1.HardeningExemption;
import dev.shipshape.api.v1alpha1.HardeningExemptionSpec;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.ExemptionRequest;
import dev.shipshape.policy.ExemptionRequests;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.FieldProblem;
import dev.shipshape.policy.InvalidPolicyException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the HardeningExemptions of {@code scan --exemptions} and adds those the policy honours to it, as the operator
 * does: the policy must delegate their namespace, checks and duration ({@code spec.delegatedExemptions}).
 */
public final class ExemptionFiles {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** A HardeningExemption read from a file, and where. */
    private record Read(ExemptionRequest request, ManifestObject object) {
    }

    private ExemptionFiles() {
    }

    /**
     * {@code policy}, labelled {@code labels}, with the exemptions in {@code arguments} it honours.
     *
     * @param warnings gets one line for each exemption the policy does not honour, with its file and line
     * @throws InputException when a file cannot be read, holds no HardeningExemption, or one is invalid
     */
    public static CompiledPolicy honoured(CompiledPolicy policy, Map<String, String> labels, List<String> arguments,
                                          String defaultNamespace, CliContext context, List<String> warnings)
            throws InputException {
        List<Read> read = read(arguments, defaultNamespace, context);
        List<ExemptionRequest> honoured = new ArrayList<>();
        for (Read exemption : read) {
            ExemptionRequest request = exemption.request();
            if (!request.asksFor(policy.name(), labels)) {
                warnings.add(warning(exemption, "HardeningExemption " + request.key() + " does not name or select "
                        + "the policy " + policy.name() + "; it is ignored"));
                continue;
            }
            Optional<String> refusal = policy.delegation().refusal(policy.name(), request);
            if (refusal.isPresent()) {
                warnings.add(warning(exemption, "HardeningExemption " + request.key() + " is ignored: "
                        + refusal.get()));
            } else {
                honoured.add(request);
            }
        }
        return ExemptionRequests.honoured(policy, labels, honoured);
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
            JsonNode spec = object.tree().get("spec");
            HardeningExemptionSpec read = spec == null || spec.isNull() ? new HardeningExemptionSpec()
                    : MAPPER.treeToValue(spec, HardeningExemptionSpec.class);
            return Optional.of(ExemptionRequests.compile(namespace, name, created(metadata, now), read));
        } catch (InvalidPolicyException e) {
            e.problems().forEach(problem -> problems.add(locate(object, problem)));
        } catch (JsonProcessingException e) {
            problems.add(locate(object, new FieldProblem(FieldPath.of("spec"), e.getOriginalMessage()
                    .lines().findFirst().orElse("cannot be read"))));
        }
        return Optional.empty();
    }

    /** When it was created, or now for a manifest not yet applied, from which the policy's maxDays count. */
    private static Instant created(JsonNode metadata, Instant now) {
        JsonNode timestamp = metadata.path("creationTimestamp");
        if (timestamp.isTextual()) {
            try {
                return Instant.parse(timestamp.asText());
            } catch (DateTimeParseException e) {
                return now;
            }
        }
        return now;
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
